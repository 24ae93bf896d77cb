/**
 * Tolerances and weights of pending→booked, reversal and refund matching (docs/normalization.md, "Matching").
 * Amount ratios are booked ÷ pending in per mille.
 */
export const PENDING_MATCH_RULES = {
  /** A tip of up to ~25 % on top, or FX moving the amount either way by a few per cent. */
  minAmountPermille: 850,
  maxAmountPermille: 1300,
  /** The booked date may be a little before the pending date (time zones) or several days after. */
  minDaysAfter: -2,
  maxDaysAfter: 10,
  base: 350,
  sameCard: 200,
  /** Both have a card token and they differ: not the same payment. */
  differentCardRejects: true,
  merchantSimilarity: 250,
  exactAmount: 150,
  amountWithin5Percent: 100,
  amountWithinTip: 40,
  originalAmountMatches: 150,
  sameDay: 100,
  withinThreeDays: 60,
  withinTenDays: 20,
  /** Below this, no link is made: the booked one stands alone and the pending one will expire. */
  threshold: 600,
  /** Reserved for a match the bank's own ids prove. */
  maxWithoutIds: 990,
} as const;

export const REVERSAL_MATCH_RULES = {
  maxDaysAfter: 90,
  base: 500,
  merchantSimilarity: 300,
  sameDay: 100,
  threshold: 600,
} as const;

export const REFUND_MATCH_RULES = {
  maxDaysAfter: 120,
  base: 300,
  sameCard: 200,
  merchantSimilarity: 300,
  exactAmount: 100,
  /** Refunds need a similar merchant at least this much (0–1). */
  minSimilarity: 0.5,
  threshold: 600,
} as const;
