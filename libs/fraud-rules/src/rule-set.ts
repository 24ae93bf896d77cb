import type { FraudDecision } from '@kontor/contracts';

export interface DecisionThresholds {
  readonly review: number;
  readonly alert: number;
}

/**
 * A versioned rule set: every weight and threshold of every typology is data, so a change is a new version
 * and every score names the version that produced it. Per-bank thresholds are part of the version too.
 * Amounts are in major units of the transaction's currency (a statistic, compared as minor / 10^exponent),
 * except the cold-start thresholds, which stay exact per currency in minor units.
 */
export interface FraudRuleSet {
  readonly version: string;
  readonly thresholds: DecisionThresholds;
  /** Overrides of `thresholds` by bank id. */
  readonly bankThresholds: Readonly<Record<string, DecisionThresholds>>;
  /** Habits learned before the personal typologies speak; below it the cold-start rules do. */
  readonly minHabits: number;
  readonly coldStart: {
    readonly highAmount: { readonly minorUnits: Readonly<Record<string, string>>; readonly points: number };
    readonly veryHighAmount: { readonly minorUnits: Readonly<Record<string, string>>; readonly points: number };
  };
  readonly riskyMerchantCategory: { readonly mccs: readonly string[]; readonly points: number };
  readonly cardNotPresent: { readonly points: number };
  /**
   * Reasons that measure overlapping evidence (e.g. "far above your usual" and "high amount at a new merchant"
   * both say the amount is high): together they count at most `maxPoints`.
   */
  readonly overlapping: readonly { readonly codes: readonly string[]; readonly maxPoints: number }[];
  readonly velocity: {
    readonly perHour: number;
    readonly perTenMinutes: number;
    readonly points: number;
    readonly pointsPerExtra: number;
    readonly maxPoints: number;
    /** Payments at never-seen merchants within an hour that make a spree. */
    readonly novelPerHour: number;
    readonly novelSpreePoints: number;
  };
  readonly amountOutlier: {
    readonly minSamples: number;
    readonly z: number;
    /** z for the account's amounts in all categories, when the category itself has too few. */
    readonly zAcrossCategories: number;
    readonly minLogSpread: number;
    readonly minRatioToMedian: number;
    readonly minMajor: number;
    readonly points: number;
    readonly pointsPerZ: number;
    readonly maxPoints: number;
    /** An amount up to this multiple of the highest one the customer confirmed in the category is not an outlier. */
    readonly confirmedSlack: number;
  };
  readonly newMerchantHighAmount: { readonly minRatioToMedian: number; readonly minMajor: number; readonly points: number; readonly cardNotPresentPoints: number };
  readonly newCountry: { readonly cardPresentPoints: number; readonly cardNotPresentPoints: number };
  readonly impossibleTravel: { readonly minKm: number; readonly maxKmPerHour: number; readonly minHours: number; readonly points: number };
  readonly cardTesting: { readonly smallMajor: number; readonly windowMinutes: number; readonly minAttempts: number; readonly points: number; readonly pointsPerExtra: number; readonly maxPoints: number; readonly spendAfterTestPoints: number; readonly novelMerchantPoints: number };
  readonly dormancy: { readonly days: number; readonly points: number; readonly highAmountPoints: number; readonly highRatioToMedian: number };
  readonly unusualHour: { readonly minHabits: number; readonly maxShare: number; readonly points: number };
  readonly cashOut: {
    readonly atmMccs: readonly string[];
    readonly transferMccs: readonly string[];
    /** Multiple of this many major units counts as round. */
    readonly roundMajor: number;
    readonly minRatioToMedian: number;
    readonly firstTimeMinMajor: number;
    readonly repeatsPerDay: number;
    readonly points: number;
    readonly repeatPoints: number;
  };
}

export const BEHAVIOUR_RULE_SET: FraudRuleSet = {
  version: 'behaviour-2026-12-01',
  thresholds: { review: 400, alert: 700 },
  bankThresholds: {},
  minHabits: 10,
  coldStart: {
    highAmount: { minorUnits: { EUR: '50000', USD: '50000', GBP: '45000', CHF: '50000' }, points: 350 },
    veryHighAmount: { minorUnits: { EUR: '200000', USD: '200000', GBP: '180000', CHF: '200000' }, points: 300 },
  },
  // 4829 money transfer, 6051 quasi-cash / crypto, 7995 gambling: risky the first time a customer uses them.
  riskyMerchantCategory: { mccs: ['4829', '6051', '7995'], points: 250 },
  cardNotPresent: { points: 100 },
  overlapping: [{ codes: ['AMOUNT_OUTLIER', 'NEW_MERCHANT_HIGH_AMOUNT'], maxPoints: 550 }],
  velocity: { perHour: 8, perTenMinutes: 5, points: 250, pointsPerExtra: 50, maxPoints: 600, novelPerHour: 3, novelSpreePoints: 450 },
  amountOutlier: {
    minSamples: 6,
    z: 3.5,
    zAcrossCategories: 4.5,
    minLogSpread: 0.35,
    minRatioToMedian: 4,
    minMajor: 80,
    points: 300,
    pointsPerZ: 40,
    maxPoints: 450,
    confirmedSlack: 1.25,
  },
  newMerchantHighAmount: { minRatioToMedian: 4, minMajor: 150, points: 300, cardNotPresentPoints: 100 },
  newCountry: { cardPresentPoints: 150, cardNotPresentPoints: 200 },
  impossibleTravel: { minKm: 400, maxKmPerHour: 800, minHours: 0.25, points: 600 },
  cardTesting: { smallMajor: 5, windowMinutes: 60, minAttempts: 3, points: 450, pointsPerExtra: 150, maxPoints: 800, spendAfterTestPoints: 550, novelMerchantPoints: 150 },
  dormancy: { days: 90, points: 200, highAmountPoints: 150, highRatioToMedian: 3 },
  unusualHour: { minHabits: 30, maxShare: 0.01, points: 200 },
  cashOut: {
    atmMccs: ['6010', '6011'],
    transferMccs: ['4829', '6051', '6012', '6538', '6540'],
    roundMajor: 50,
    minRatioToMedian: 3,
    firstTimeMinMajor: 300,
    repeatsPerDay: 3,
    points: 350,
    repeatPoints: 150,
  },
};

/** The rule set a service runs unless configured otherwise. */
export const DEFAULT_RULE_SET = BEHAVIOUR_RULE_SET;

export const RULE_SETS: Readonly<Record<string, FraudRuleSet>> = { behaviour: BEHAVIOUR_RULE_SET };

export function thresholdsFor(ruleSet: FraudRuleSet, bankId: string): DecisionThresholds {
  return ruleSet.bankThresholds[bankId] ?? ruleSet.thresholds;
}

export function decide(score: number, thresholds: DecisionThresholds): FraudDecision {
  if (score >= thresholds.alert) return 'alert';
  if (score >= thresholds.review) return 'review';
  return 'allow';
}
