import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentName, recognizeIntent } from '@kontor/conversation';
import { findRepoRoot } from '@kontor/local-infra';
import { distribution, round, table } from '../e2e/stats';

/**
 * Accuracy and speed of recognizeIntent on the labelled phrasings, against a naive baseline measured in
 * the same run: exact keyword look-up on lower-cased words (no folding, no typo correction, no rules).
 * `npm run build && node dist/bench/conversation/intent-recognition.bench.js [rounds]`.
 */
interface Phrasing {
  text: string;
  intent: IntentName;
}

const root = findRepoRoot(__dirname);
const NOW = new Date('2026-12-01T12:00:00Z');
const load = (name: string) => (JSON.parse(readFileSync(join(root, 'libs/conversation/src/intent/phrasings', name), 'utf8')) as { phrasings: Phrasing[] }).phrasings;
const sets = { labelled: load('phrasings.json'), 'held-out': load('held-out.json') };

const NAIVE_KEYWORDS: [IntentName, string[]][] = [
  ['fraud_feedback_fraud', ['fraud', 'betrug']],
  ['revoke_consent', ['unlink', 'stop', 'revoke', 'widerrufen']],
  ['access_log', ['access', 'zugriffe']],
  ['list_consents', ['consents', 'einwilligungen']],
  ['link_account', ['link', 'verknüpfen']],
  ['receipt', ['receipt', 'beleg', 'quittung']],
  ['shipping_status', ['package', 'shipping', 'paket', 'sendung']],
  ['balance', ['balance', 'kontostand']],
  ['recent_transactions', ['transactions', 'umsätze']],
  ['spending_by_category', ['spending', 'ausgaben', 'category', 'kategorie']],
  ['help', ['help', 'hilfe']],
  ['greeting', ['hi', 'hello', 'hallo']],
];

function naive(text: string): IntentName {
  const words = new Set(text.toLowerCase().split(/[^\p{L}]+/u));
  return NAIVE_KEYWORDS.find(([, keywords]) => keywords.some((k) => words.has(k)))?.[0] ?? 'unknown';
}

function accuracy(phrasings: Phrasing[], classify: (text: string) => IntentName) {
  const results = phrasings.map((p) => ({ p, got: classify(p.text) }));
  const negatives = results.filter((r) => r.p.intent === 'unknown');
  return {
    right: results.filter((r) => r.got === r.p.intent).length,
    total: results.length,
    falsePositives: negatives.filter((r) => r.got !== 'unknown').length,
    negatives: negatives.length,
    missed: results.filter((r) => r.got !== r.p.intent).map((r) => `${JSON.stringify(r.p.text)}: ${r.p.intent} → ${r.got}`),
  };
}

function timePerPhrase(phrasings: Phrasing[], classify: (text: string) => unknown, rounds: number): number[] {
  const perPhraseMicros: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (const p of phrasings) classify(p.text);
    perPhraseMicros.push(Number(process.hrtime.bigint() - started) / 1000 / phrasings.length);
  }
  return perPhraseMicros;
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 200);
  const kontor = (text: string) => recognizeIntent(text, undefined, { now: NOW }).intent;
  const rows = Object.entries(sets).flatMap(([name, phrasings]) =>
    ([['recognizeIntent', kontor], ['naive keywords', naive]] as const).map(([classifier, classify]) => {
      const a = accuracy(phrasings, classify);
      return [name, classifier, `${a.right}/${a.total}`, `${round((100 * a.right) / a.total)} %`, `${a.falsePositives}/${a.negatives}`];
    }),
  );
  console.log('Intent accuracy (false positives: negative phrasings read as a banking intent)\n');
  console.log(table(['set', 'classifier', 'right', 'accuracy', 'false positives'], rows));
  const heldOutMisses = accuracy(sets['held-out'], kontor).missed;
  console.log(`\nrecognizeIntent misses on the held-out set:\n${heldOutMisses.map((m) => `  ${m}`).join('\n') || '  none'}`);

  const all = [...sets.labelled, ...sets['held-out']];
  timePerPhrase(all, kontor, 20); // warm-up
  const ours = distribution(timePerPhrase(all, kontor, rounds));
  const baseline = distribution(timePerPhrase(all, naive, rounds));
  // recognizeIntent caches typo corrections; a word it has never seen costs a scan of the vocabulary. Each
  // round here appends a new 7-letter word to every phrase, so none of those is ever cached.
  let serial = 0;
  const uncachedWord = () => (serial++).toString(26).padStart(7, '0').replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]);
  const uncached = distribution(timePerPhrase(all, (text) => kontor(`${text} ${uncachedWord()}`), Math.min(rounds, 50)));
  console.log(`\nSpeed, µs per phrase over ${all.length} phrasings × ${rounds} rounds (median of rounds)\n`);
  console.log(
    table(
      ['classifier', 'p50 µs', 'p90 µs', 'max µs'],
      [
        ['recognizeIntent', round(ours.p50, 2), round(ours.p90, 2), round(ours.max, 2)],
        ['recognizeIntent, + 1 unseen word', round(uncached.p50, 2), round(uncached.p90, 2), round(uncached.max, 2)],
        ['naive keywords', round(baseline.p50, 2), round(baseline.p90, 2), round(baseline.max, 2)],
      ],
    ),
  );
  console.log(`\nratio recognizeIntent / naive (p50): ${round(ours.p50 / baseline.p50, 1)}×`);
}

main();
