import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { BASELINE_RULE_SET, decide } from './rule-set';
import { scoreTransaction } from './score-transaction';

describe('scoreTransaction (baseline rule set)', () => {
  it('allows an ordinary card-present coffee with no reasons', () => {
    const result = scoreTransaction(aNormalizedTransaction({ amountMinor: '450' }), BASELINE_RULE_SET);
    expect(result).toEqual({ score: 0, decision: 'allow', reasons: [], ruleSetVersion: BASELINE_RULE_SET.version });
  });

  it('alerts on a very high online payment at a casino, reasons ordered by weight', () => {
    const tx = aNormalizedTransaction({
      amountMinor: '249900',
      cardPresent: false,
      merchant: { name: 'Lucky Star Casino', mcc: '7995', country: 'MT' },
    });
    const result = scoreTransaction(tx, BASELINE_RULE_SET);
    expect(result.reasons.map((r) => r.code)).toEqual(['HIGH_AMOUNT', 'VERY_HIGH_AMOUNT', 'RISKY_MERCHANT_CATEGORY', 'CARD_NOT_PRESENT']);
    expect(result.score).toBe(1000);
    expect(result.decision).toBe('alert');
    for (const reason of result.reasons) {
      expect(reason.messageEn.length).toBeGreaterThan(0);
      expect(reason.messageDe.length).toBeGreaterThan(0);
    }
  });

  it('allows a high amount alone and reviews it when the card was not present', () => {
    const result = scoreTransaction(aNormalizedTransaction({ amountMinor: '60000' }), BASELINE_RULE_SET);
    expect(result).toMatchObject({ score: 350, decision: 'allow' });
    const online = scoreTransaction(aNormalizedTransaction({ amountMinor: '60000', cardPresent: false }), BASELINE_RULE_SET);
    expect(online).toMatchObject({ score: 450, decision: 'review' });
  });

  it('compares amounts exactly at the threshold, in minor units', () => {
    expect(scoreTransaction(aNormalizedTransaction({ amountMinor: '49999' }), BASELINE_RULE_SET).reasons).toHaveLength(0);
    expect(scoreTransaction(aNormalizedTransaction({ amountMinor: '50000' }), BASELINE_RULE_SET).reasons.map((r) => r.code)).toEqual(['HIGH_AMOUNT']);
  });

  it('ignores amount thresholds for currencies the rule set does not name', () => {
    expect(scoreTransaction(aNormalizedTransaction({ amountMinor: '99999999', currency: 'JPY', currencyExponent: 0 }), BASELINE_RULE_SET).score).toBe(0);
  });

  it('never scores incoming money', () => {
    const credit = aNormalizedTransaction({ direction: 'credit', amountMinor: '900000', merchant: { name: 'Casino payout', mcc: '7995' } });
    expect(scoreTransaction(credit, BASELINE_RULE_SET).score).toBe(0);
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
    expect(decide(score, BASELINE_RULE_SET)).toBe(decision);
  });
});
