import { averagePrecision, qualityReport, ScoredSample, scoreByAmount } from './evaluate';
import { DEFAULT_GENERATOR_OPTIONS, FRAUD_TYPOLOGIES, generateStream } from './stream-generator';

const sample = (score: number, fraud: boolean, customer = 0): ScoredSample => ({ score, fraud, alert: score >= 700, customer, reasons: [], ...(fraud && { typology: 'card_testing', incident: `i${score}` }) });

describe('quality metrics', () => {
  it('average precision is 1 for a perfect ranking and the fraud share for a constant score', () => {
    expect(averagePrecision([sample(900, true), sample(800, true), sample(100, false), sample(0, false)])).toBe(1);
    expect(averagePrecision([sample(5, true), sample(5, false), sample(5, false), sample(5, false)])).toBe(0.25);
    // Fraud at ranks 1 and 3: (1/1 + 2/3) / 2.
    expect(averagePrecision([sample(900, true), sample(800, false), sample(700, true), sample(0, false)])).toBeCloseTo(5 / 6, 10);
  });

  it('reports precision, recall, alert rate and false alerts per customer-month', () => {
    const report = qualityReport('x', [sample(900, true), sample(800, false), sample(100, true), sample(0, false)], 2);
    expect(report).toMatchObject({ alerts: 2, truePositives: 1, precision: 0.5, recall: 0.5, alertsPer1000: 500, falseAlertsPerCustomerMonth: 0.5 });
  });
});

describe('the labelled stream generator', () => {
  const options = { ...DEFAULT_GENERATOR_OPTIONS, seed: 42, customers: 40, months: 4, fraudRate: 0.6 };
  const stream = generateStream(options);

  it('is deterministic for a seed and different for another', () => {
    const again = generateStream(options);
    expect(again.map((t) => t.tx.transactionId)).toEqual(stream.map((t) => t.tx.transactionId));
    expect(again.map((t) => t.tx.amountMinor)).toEqual(stream.map((t) => t.tx.amountMinor));
    expect(generateStream({ ...options, seed: 43, customers: 5 }).map((t) => t.tx.amountMinor).slice(0, 20)).not.toEqual(stream.map((t) => t.tx.amountMinor).slice(0, 20));
  });

  it('orders by time, labels every injected typology, and has salaries and subscriptions', () => {
    const times = stream.map((t) => Date.parse(t.tx.occurredAt!));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(new Set(stream.filter((t) => t.fraud).map((t) => t.typology))).toEqual(new Set(FRAUD_TYPOLOGIES));
    expect(stream.some((t) => t.tx.direction === 'credit' && t.tx.description?.startsWith('SALARY'))).toBe(true);
    expect(stream.some((t) => t.tx.merchant?.name === 'Netflix' || t.tx.merchant?.name === 'Spotify')).toBe(true);
    expect(stream.filter((t) => t.fraud).every((t) => t.incident !== undefined)).toBe(true);
  });

  it('mixes habits as asked: with only gamblers, most card payments are at casinos or their usual shops', () => {
    const gamblers = generateStream({ ...options, customers: 10, habitMix: { commuter: 0, online_shopper: 0, traveller: 0, night_owl: 0, cash_user: 0, gambler: 1, occasional: 0, family: 0 } });
    expect(new Set(gamblers.map((t) => t.persona))).toEqual(new Set(['gambler']));
    expect(gamblers.filter((t) => t.tx.merchant?.mcc === '7995').length).toBeGreaterThan(gamblers.length / 5);
  });

  it('lets the baseline alert on amount alone', () => {
    const baseline = scoreByAmount(stream, 50_000);
    expect(baseline.every((s) => s.alert === s.score >= 50_000)).toBe(true);
  });
});
