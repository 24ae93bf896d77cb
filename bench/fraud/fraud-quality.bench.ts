import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULE_SET } from '@kontor/fraud-rules';
import { round, table } from '../e2e/stats';
import { alertThreshold, qualityReport, QualityReport, ScoredSample, scoreByAmount, scoreStream } from './evaluate';
import { DEFAULT_GENERATOR_OPTIONS, FRAUD_TYPOLOGIES, GeneratorOptions, generateStream, PERSONAS } from './stream-generator';

/**
 * Fraud-scoring quality on seeded labelled streams, next to the naive baseline (one amount threshold) in
 * the same run. `node dist/bench/fraud/fraud-quality.bench.js --seeds 1,2,3 --customers 300 --months 4
 * --habit-mix commuter=3,gambler=2 --fraud-mix card_testing=2,cash_out=1 --fraud-rate 0.04 --baseline-eur 500`
 */
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

function mix<K extends string>(text: string | undefined, keys: readonly K[], defaults: Readonly<Record<K, number>>): Record<K, number> {
  if (text === undefined) return { ...defaults };
  const result = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const part of text.split(',')) {
    const [key, weight] = part.split('=');
    if (!keys.includes(key as K) || !(Number(weight) >= 0)) throw new Error(`unknown or invalid mix entry "${part}"; keys: ${keys.join(', ')}`);
    result[key as K] = Number(weight);
  }
  return result;
}

function row(report: QualityReport): (string | number)[] {
  return [
    report.label,
    report.transactions,
    report.frauds,
    report.alerts,
    round(report.precision * 100, 1),
    round(report.recall * 100, 1),
    round(report.incidentRecall * 100, 1),
    round(report.prAuc, 3),
    round(report.alertsPer1000, 2),
    round(report.falseAlertsPerCustomerMonth, 3),
  ];
}

/** The amount at which the baseline raises as many alerts as the scorer did: a like-for-like comparison. */
function thresholdForAlerts(samples: readonly ScoredSample[], alerts: number): number {
  const amounts = samples.map((s) => s.score).sort((a, b) => b - a);
  return amounts[Math.max(0, Math.min(amounts.length - 1, alerts - 1))];
}

function main(): void {
  const seeds = (argument('seeds') ?? '1').split(',').map(Number);
  const base: Omit<GeneratorOptions, 'seed'> = {
    ...DEFAULT_GENERATOR_OPTIONS,
    customers: Number(argument('customers') ?? DEFAULT_GENERATOR_OPTIONS.customers),
    months: Number(argument('months') ?? DEFAULT_GENERATOR_OPTIONS.months),
    fraudRate: Number(argument('fraud-rate') ?? DEFAULT_GENERATOR_OPTIONS.fraudRate),
    habitMix: mix(argument('habit-mix'), PERSONAS, DEFAULT_GENERATOR_OPTIONS.habitMix),
    fraudMix: mix(argument('fraud-mix'), FRAUD_TYPOLOGIES, DEFAULT_GENERATOR_OPTIONS.fraudMix),
  };
  const baselineMinor = Math.round(Number(argument('baseline-eur') ?? 500) * 100);
  const results: unknown[] = [];
  for (const seed of seeds) {
    const options: GeneratorOptions = { ...base, seed };
    const started = Date.now();
    const stream = generateStream(options);
    const generatedMs = Date.now() - started;
    const customerMonths = options.customers * options.months;
    const scoredStarted = Date.now();
    const kontor = scoreStream(stream);
    const scoringMs = Date.now() - scoredStarted;
    const baseline = scoreByAmount(stream, baselineMinor);
    const matched = thresholdForAlerts(baseline, kontor.filter((s) => s.alert).length);
    const reports = [
      qualityReport(`Kontor ${DEFAULT_RULE_SET.version} (alert ≥ ${alertThreshold(DEFAULT_RULE_SET)})`, kontor, customerMonths),
      qualityReport(`baseline: amount ≥ ${baselineMinor / 100} EUR`, baseline, customerMonths),
      qualityReport(`baseline: amount ≥ ${matched / 100} EUR (same alert count)`, scoreByAmount(stream, matched), customerMonths),
    ];
    console.log(`\nseed ${seed}: ${options.customers} customers × ${options.months} months, ${stream.length} transactions (generated in ${generatedMs} ms, scored in ${scoringMs} ms = ${round(stream.length / (scoringMs / 1000), 0)} tx/s in-process)`);
    console.log(`habit mix ${JSON.stringify(options.habitMix)}; fraud mix ${JSON.stringify(options.fraudMix)}; ${options.fraudRate} incidents per customer-month\n`);
    console.log(table(['scorer', 'debits', 'frauds', 'alerts', 'precision %', 'recall %', 'incident recall %', 'PR-AUC', 'alerts/1000 tx', 'false alerts/cust-month'], reports.map(row)));
    console.log('\nrecall by injected typology (transactions alerted / fraud transactions):');
    console.log(
      table(
        ['typology', ...reports.map((r) => r.label.split(' (')[0])],
        FRAUD_TYPOLOGIES.map((t) => [t, ...reports.map((r) => (r.recallByTypology[t] ? `${r.recallByTypology[t].caught}/${r.recallByTypology[t].frauds}` : '-'))]),
      ),
    );
    const falseReasons = new Map<string, number>();
    for (const s of kontor.filter((x) => x.alert && !x.fraud)) for (const code of s.reasons) falseReasons.set(code, (falseReasons.get(code) ?? 0) + 1);
    console.log(`\nreasons on Kontor's false alerts: ${[...falseReasons].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
    results.push({ seed, options, reports });
  }
  const dir = argument('out') ?? 'dist/bench-results';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `fraud-quality-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`\nresults: ${file}`);
}

main();
