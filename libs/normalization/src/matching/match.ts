import { daysBetween, LedgerTransaction, MatchResult, merchantSimilarity } from './ledger-transaction';
import { PENDING_MATCH_RULES as P, REFUND_MATCH_RULES as F, REVERSAL_MATCH_RULES as R } from './matching-rules.data';

/** booked ÷ pending in per mille, comparing in the pending currency (through the FX original amount if needed). */
function amountPermille(booked: LedgerTransaction, pending: LedgerTransaction): { permille: bigint; viaOriginal: boolean } | undefined {
  if (pending.amountMinor === 0n) return undefined;
  if (booked.currency === pending.currency) return { permille: (booked.amountMinor * 1000n) / pending.amountMinor, viaOriginal: false };
  if (booked.original?.currency === pending.currency) return { permille: (booked.original.amountMinor * 1000n) / pending.amountMinor, viaOriginal: true };
  return undefined;
}

/** How likely `pending` is the authorisation `booked` posts; undefined when it cannot be. */
export function scorePendingMatch(booked: LedgerTransaction, pending: LedgerTransaction): number | undefined {
  if (pending.status !== 'pending' || booked.direction !== pending.direction) return undefined;
  if (booked.bankEntryId && pending.bankEntryId && booked.bankEntryId === pending.bankEntryId) return 1000;
  if (P.differentCardRejects && booked.cardToken && pending.cardToken && booked.cardToken !== pending.cardToken) return undefined;
  const days = daysBetween(pending.bookingDate, booked.bookingDate);
  if (days < P.minDaysAfter || days > P.maxDaysAfter) return undefined;
  const amount = amountPermille(booked, pending);
  if (!amount || amount.permille < P.minAmountPermille || amount.permille > P.maxAmountPermille) return undefined;
  let score = P.base;
  if (booked.cardToken && booked.cardToken === pending.cardToken) score += P.sameCard;
  score += Math.round(P.merchantSimilarity * merchantSimilarity(booked.merchantKey, pending.merchantKey));
  if (amount.permille === 1000n) score += amount.viaOriginal ? P.originalAmountMatches : P.exactAmount;
  else if (amount.permille >= 950n && amount.permille <= 1050n) score += P.amountWithin5Percent;
  else score += P.amountWithinTip;
  const distance = Math.abs(days);
  score += distance <= 1 ? P.sameDay : distance <= 3 ? P.withinThreeDays : P.withinTenDays;
  return Math.min(score, P.maxWithoutIds);
}

function best(scored: { candidate: LedgerTransaction; confidence: number | undefined }[], threshold: number, dateOf: (t: LedgerTransaction) => number): MatchResult | undefined {
  const eligible = scored.filter((s): s is { candidate: LedgerTransaction; confidence: number } => s.confidence !== undefined && s.confidence >= threshold);
  // Highest confidence; among equals the closest date, then the smaller id, so the choice is deterministic.
  eligible.sort((a, b) => b.confidence - a.confidence || dateOf(a.candidate) - dateOf(b.candidate) || a.candidate.transactionId.localeCompare(b.candidate.transactionId));
  const top = eligible[0];
  return top && { transactionId: top.candidate.transactionId, confidence: top.confidence };
}

/** The pending transaction a booked one posts, if any scores at or above the threshold. */
export function matchPending(booked: LedgerTransaction, candidates: readonly LedgerTransaction[]): MatchResult | undefined {
  return best(
    candidates.map((candidate) => ({ candidate, confidence: scorePendingMatch(booked, candidate) })),
    P.threshold,
    (c) => Math.abs(daysBetween(c.bookingDate, booked.bookingDate)),
  );
}

/**
 * The other way round, for a pending entry that arrives after its booked one (feeds are not always in
 * order): the booked transaction, not yet linked to any pending one, that posts it.
 */
export function matchBookedForPending(pending: LedgerTransaction, booked: readonly LedgerTransaction[]): MatchResult | undefined {
  return best(
    booked.map((candidate) => ({ candidate, confidence: scorePendingMatch(candidate, pending) })),
    P.threshold,
    (c) => Math.abs(daysBetween(pending.bookingDate, c.bookingDate)),
  );
}

/** How likely `reversal` (an entry the bank flagged as a reversal) undoes `original`. */
export function scoreReversalMatch(reversal: LedgerTransaction, original: LedgerTransaction): number | undefined {
  if (original.status !== 'booked' || original.direction === reversal.direction) return undefined;
  if (original.currency !== reversal.currency || original.amountMinor !== reversal.amountMinor) return undefined;
  const days = daysBetween(original.bookingDate, reversal.bookingDate);
  if (days < 0 || days > R.maxDaysAfter) return undefined;
  if ((reversal.endToEndId && reversal.endToEndId === original.endToEndId) || (reversal.accountServicerRef && reversal.accountServicerRef === original.accountServicerRef)) return 1000;
  let score = R.base + Math.round(R.merchantSimilarity * merchantSimilarity(reversal.merchantKey, original.merchantKey));
  if (days <= 1) score += R.sameDay;
  return Math.min(score, 990);
}

export function matchReversal(reversal: LedgerTransaction, candidates: readonly LedgerTransaction[]): MatchResult | undefined {
  return best(
    candidates.map((candidate) => ({ candidate, confidence: scoreReversalMatch(reversal, candidate) })),
    R.threshold,
    (c) => daysBetween(c.bookingDate, reversal.bookingDate),
  );
}

/** How likely a credit refunds an earlier debit at the same merchant (not more than was paid). */
export function scoreRefundMatch(refund: LedgerTransaction, original: LedgerTransaction): number | undefined {
  if (refund.direction !== 'credit' || original.direction !== 'debit' || original.status !== 'booked') return undefined;
  if (original.currency !== refund.currency || refund.amountMinor > original.amountMinor) return undefined;
  const days = daysBetween(original.bookingDate, refund.bookingDate);
  if (days < 0 || days > F.maxDaysAfter) return undefined;
  const similarity = merchantSimilarity(refund.merchantKey, original.merchantKey);
  if (similarity < F.minSimilarity) return undefined;
  let score = F.base + Math.round(F.merchantSimilarity * similarity);
  if (refund.cardToken && refund.cardToken === original.cardToken) score += F.sameCard;
  if (refund.amountMinor === original.amountMinor) score += F.exactAmount;
  return Math.min(score, 990);
}

export function matchRefund(refund: LedgerTransaction, candidates: readonly LedgerTransaction[]): MatchResult | undefined {
  return best(
    candidates.map((candidate) => ({ candidate, confidence: scoreRefundMatch(refund, candidate) })),
    F.threshold,
    (c) => daysBetween(c.bookingDate, refund.bookingDate),
  );
}
