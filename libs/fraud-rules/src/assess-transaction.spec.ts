import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { assessTransaction, ProfilePair, scoreFeatures, teachGenuine } from './assess-transaction';
import { emptyProfile } from './behaviour-profile';
import { BEHAVIOUR_RULE_SET, decide, FraudRuleSet, thresholdsFor } from './rule-set';
import { extractFeatures } from './transaction-features';

const DAY = 86_400_000;
const START = Date.parse('2026-09-01T09:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const fresh = (): ProfilePair => ({ account: emptyProfile() });
let seq = 0;
const tx = (ms: number, overrides: Parameters<typeof aNormalizedTransaction>[0] = {}) =>
  aNormalizedTransaction({ transactionId: `00000000-0000-4000-9000-${String(++seq).padStart(12, '0')}`, occurredAt: at(ms), ...overrides });

function withHistory(days = 30): ProfilePair {
  let p = fresh();
  for (let d = 0; d < days; d++) p = assessTransaction(tx(START + d * DAY, { amountMinor: String(2000 + (d % 7) * 350), merchant: { name: `Grocer ${d % 3}`, mcc: '5411', city: 'Berlin', country: 'DE' } }), p, BEHAVIOUR_RULE_SET).next;
  return p;
}

describe('assessTransaction', () => {
  it('allows an ordinary coffee with no reasons and records the rule-set version', () => {
    const { assessment } = assessTransaction(tx(START, { amountMinor: '450' }), fresh(), BEHAVIOUR_RULE_SET);
    expect(assessment).toEqual({ score: 0, decision: 'allow', reasons: [], ruleSetVersion: BEHAVIOUR_RULE_SET.version });
  });

  it('alerts on a first-ever 2,499 EUR online casino payment (cold start), reasons by weight', () => {
    const casino = tx(START, { amountMinor: '249900', cardPresent: false, merchant: { name: 'Lucky Star Casino', mcc: '7995', country: 'MT' } });
    const { assessment } = assessTransaction(casino, fresh(), BEHAVIOUR_RULE_SET);
    expect(assessment.reasons.map((r) => r.code)).toEqual(['HIGH_AMOUNT', 'VERY_HIGH_AMOUNT', 'RISKY_MERCHANT_CATEGORY', 'CARD_NOT_PRESENT']);
    expect(assessment).toMatchObject({ score: 1000, decision: 'alert' });
  });

  it('never scores incoming money', () => {
    const credit = tx(START, { direction: 'credit', amountMinor: '900000', merchant: { name: 'Casino payout', mcc: '7995' } });
    expect(assessTransaction(credit, fresh(), BEHAVIOUR_RULE_SET).assessment.score).toBe(0);
  });

  it('combines typologies: a big online purchase abroad at a new merchant alerts for a settled customer', () => {
    const p = withHistory();
    const { assessment } = assessTransaction(tx(START + 31 * DAY, { amountMinor: '129900', cardPresent: false, merchant: { name: 'Gadget World', mcc: '5732', city: 'Lagos', country: 'NG' } }), p, BEHAVIOUR_RULE_SET);
    expect(assessment.decision).toBe('alert');
    expect(assessment.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['AMOUNT_OUTLIER', 'NEW_MERCHANT_HIGH_AMOUNT', 'NEW_COUNTRY', 'CARD_NOT_PRESENT']));
    expect(assessment.score).toBe(Math.min(1000, assessment.reasons.reduce((s, r) => s + r.points, 0)));
  });

  it('does not learn an alerted transaction as a habit, but counts it as activity', () => {
    const p = withHistory();
    const fraud = (ms: number) => tx(ms, { amountMinor: '129900', cardPresent: false, merchant: { name: 'Gadget World', mcc: '5732', city: 'Lagos', country: 'NG' } });
    const { next, assessment } = assessTransaction(fraud(START + 31 * DAY), p, BEHAVIOUR_RULE_SET);
    expect(assessment.decision).toBe('alert');
    expect(next.account.countries.NG).toBeUndefined();
    expect(next.account.merchants['gadget world']).toBeUndefined();
    expect(next.account.debits).toBe(p.account.debits + 1);
    // So the same pattern again still alerts.
    expect(assessTransaction(fraud(START + 32 * DAY), next, BEHAVIOUR_RULE_SET).assessment.decision).toBe('alert');
  });

  it('a genuine answer teaches the profile: the same purchase no longer alerts', () => {
    const p = withHistory();
    const big = (ms: number) => tx(ms, { amountMinor: '129900', cardPresent: false, merchant: { name: 'Gadget World', mcc: '5732', city: 'Lagos', country: 'NG' } });
    const first = assessTransaction(big(START + 31 * DAY), p, BEHAVIOUR_RULE_SET);
    expect(first.assessment.decision).toBe('alert');
    const taught: ProfilePair = { ...first.next, account: teachGenuine(first.next.account, first.features) };
    const again = assessTransaction(big(START + 33 * DAY), taught, BEHAVIOUR_RULE_SET);
    expect(again.assessment.decision).toBe('allow');
    expect(again.assessment.reasons.map((r) => r.code)).not.toEqual(expect.arrayContaining(['NEW_COUNTRY']));
  });

  it('is deterministic and survives a JSON round trip of the profiles (as PostgreSQL stores them)', () => {
    const stream = Array.from({ length: 60 }, (_, i) =>
      tx(START + i * 7_200_000, { amountMinor: String(100 + ((i * 7919) % 20000)), cardPresent: i % 3 !== 0, merchant: { name: `M${i % 9}`, mcc: ['5411', '5814', '5999', '6011'][i % 4], city: ['Berlin', 'Paris', 'Tokyo'][i % 3], country: ['DE', 'FR', 'JP'][i % 3] } }),
    );
    const run = (roundTrip: boolean) => {
      let p = fresh();
      return stream.map((t) => {
        const r = assessTransaction(t, p, BEHAVIOUR_RULE_SET);
        p = roundTrip ? (JSON.parse(JSON.stringify(r.next)) as ProfilePair) : r.next;
        return r.assessment;
      });
    };
    expect(run(true)).toEqual(run(false));
  });

  it('uses per-bank thresholds from the rule set', () => {
    const strict: FraudRuleSet = { ...BEHAVIOUR_RULE_SET, version: 'test-strict', bankThresholds: { 'strict-bank': { review: 100, alert: 300 } } };
    const f = extractFeatures(tx(START, { amountMinor: '60000' }));
    expect(scoreFeatures(f, 'demo-bank', fresh(), strict).decision).toBe('allow');
    expect(scoreFeatures(f, 'strict-bank', fresh(), strict).decision).toBe('alert');
    expect(thresholdsFor(strict, 'other')).toBe(strict.thresholds);
  });
});

describe('decide', () => {
  it.each([
    [0, 'allow'],
    [399, 'allow'],
    [400, 'review'],
    [699, 'review'],
    [700, 'alert'],
    [1000, 'alert'],
  ] as const)('%s is %s', (score, decision) => {
    expect(decide(score, BEHAVIOUR_RULE_SET.thresholds)).toBe(decision);
  });
});

describe('profile facts that depend on the decision', () => {
  const home = { city: 'Berlin', country: 'DE' };
  it('does not move the card to where an alerted in-person payment claims it was, so a second one still alerts', () => {
    let p: ProfilePair = { account: emptyProfile() };
    for (let d = 0; d < 20; d++) p = assessTransaction(tx(START + d * DAY, { merchant: { name: 'Bakery', mcc: '5462', ...home } }), p, BEHAVIOUR_RULE_SET).next;
    const cloned = (ms: number, name: string) => tx(ms, { amountMinor: '45000', merchant: { name, mcc: '5944', city: 'Bangkok', country: 'TH' } });
    const first = assessTransaction(cloned(START + 19 * DAY + 2 * 3_600_000, 'Jewellery 1'), p, BEHAVIOUR_RULE_SET);
    expect(first.assessment.reasons.map((r) => r.code)).toContain('IMPOSSIBLE_TRAVEL');
    expect(first.next.card?.lastCardPresent?.place).toBe('Berlin');
    const second = assessTransaction(cloned(START + 19 * DAY + 3 * 3_600_000, 'Jewellery 2'), first.next, BEHAVIOUR_RULE_SET);
    expect(second.assessment.reasons.map((r) => r.code)).toContain('IMPOSSIBLE_TRAVEL');
  });

  it('caps overlapping amount evidence, keeping the strongest reason whole', () => {
    const p = withHistory();
    const { assessment } = assessTransaction(tx(START + 31 * DAY, { amountMinor: '150000', merchant: { name: 'Sofa World', mcc: '5712', ...home } }), p, BEHAVIOUR_RULE_SET);
    const amountPoints = assessment.reasons.filter((r) => ['AMOUNT_OUTLIER', 'NEW_MERCHANT_HIGH_AMOUNT'].includes(r.code));
    expect(amountPoints).toHaveLength(2);
    expect(amountPoints.reduce((s, r) => s + r.points, 0)).toBe(BEHAVIOUR_RULE_SET.overlapping[0].maxPoints);
    expect(assessment.score).toBe(assessment.reasons.reduce((s, r) => s + r.points, 0));
    // A big in-person purchase in the home city alone is worth a look, not an alert.
    expect(assessment.decision).toBe('review');
  });

  it('counts a spree at never-seen merchants as a velocity burst before the plain count threshold', () => {
    let p = withHistory();
    let last;
    for (let i = 0; i < 4; i++) {
      const r = assessTransaction(tx(START + 31 * DAY + i * 6 * 60_000, { amountMinor: '19900', merchant: { name: `Boutique ${i}`, mcc: '5651', ...home } }), p, BEHAVIOUR_RULE_SET);
      p = r.next;
      last = r.assessment;
    }
    expect(last!.reasons.find((r) => r.code === 'VELOCITY_BURST')?.messageEn).toContain('new merchants');
    expect(last!.decision).not.toBe('allow');
    // The same four payments at the customer's own grocers are no burst.
    let q = withHistory();
    let plain;
    for (let i = 0; i < 4; i++) {
      const r = assessTransaction(tx(START + 31 * DAY + i * 6 * 60_000, { amountMinor: '2500', merchant: { name: `Grocer ${i % 3}`, mcc: '5411', ...home } }), q, BEHAVIOUR_RULE_SET);
      q = r.next;
      plain = r.assessment;
    }
    expect(plain!.reasons.map((r) => r.code)).not.toContain('VELOCITY_BURST');
  });
});
