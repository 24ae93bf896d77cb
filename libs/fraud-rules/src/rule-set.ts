import type { FraudDecision } from '@kontor/contracts';

/**
 * A versioned rule set: weights and thresholds are data, so a change is a new version and every score
 * names the version that produced it. Amount thresholds are in minor units of the given currency.
 */
export interface FraudRuleSet {
  readonly version: string;
  readonly thresholds: { readonly review: number; readonly alert: number };
  readonly highAmount: { readonly minorUnits: Readonly<Record<string, string>>; readonly points: number };
  readonly veryHighAmount: { readonly minorUnits: Readonly<Record<string, string>>; readonly points: number };
  readonly cardNotPresent: { readonly points: number };
  readonly riskyMerchantCategory: { readonly mccs: readonly string[]; readonly points: number };
}

export const BASELINE_RULE_SET: FraudRuleSet = {
  version: 'baseline-2026-11-28',
  thresholds: { review: 400, alert: 700 },
  highAmount: { minorUnits: { EUR: '50000', USD: '50000', GBP: '45000', CHF: '50000' }, points: 350 },
  veryHighAmount: { minorUnits: { EUR: '200000', USD: '200000', GBP: '180000', CHF: '200000' }, points: 300 },
  cardNotPresent: { points: 100 },
  // 4829 money transfer, 6051 quasi-cash / crypto, 7995 gambling.
  riskyMerchantCategory: { mccs: ['4829', '6051', '7995'], points: 250 },
};

export function decide(score: number, ruleSet: FraudRuleSet): FraudDecision {
  if (score >= ruleSet.thresholds.alert) return 'alert';
  if (score >= ruleSet.thresholds.review) return 'review';
  return 'allow';
}
