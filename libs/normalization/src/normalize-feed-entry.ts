import type { FeedEntryReceivedV1, NormalizedTransactionV1 } from '@kontor/contracts';
import { currencyExponent, decimalToMinorUnits } from '@kontor/money';
import { enrichEntry } from './enrichment/enrich';
import { canonicalIdentity, CanonicalIdentity } from './identity/canonical-id';

/**
 * The identity of a feed entry seen on its own: the first of its fingerprint in its feed and its bank id
 * not repeated. The normalizer passes the real occurrence counts (see canonicalIdentity).
 */
export function canonicalTransactionId(entry: FeedEntryReceivedV1): string {
  return canonicalIdentity(entry, { occurrence: 0, bankIdRepeatedInFeed: false }).transactionId;
}

/**
 * Pure: a validated feed entry in, revision 1 of its canonical transaction out, enriched with display name
 * and category. Throws InvalidAmountError / UnknownCurrencyError on an amount it cannot represent.
 */
export function normalizeFeedEntry(entry: FeedEntryReceivedV1, normalizedAt: Date, identity?: CanonicalIdentity): NormalizedTransactionV1 {
  const amountMinor = decimalToMinorUnits(entry.amount, entry.currency);
  const id = identity ?? canonicalIdentity(entry, { occurrence: 0, bankIdRepeatedInFeed: false });
  const { displayName, category } = enrichEntry(entry);
  return {
    transactionId: id.transactionId,
    identity: id.basis,
    bankId: entry.bankId,
    accountRef: entry.accountRef,
    accountMasked: entry.accountMasked,
    amountMinor: amountMinor.toString(),
    currency: entry.currency,
    currencyExponent: currencyExponent(entry.currency),
    direction: entry.creditDebit === 'DBIT' ? 'debit' : 'credit',
    status: entry.status,
    revision: 1,
    bookingDate: entry.bookingDate,
    ...(entry.valueDate !== undefined && { valueDate: entry.valueDate }),
    ...(entry.occurredAt !== undefined && { occurredAt: entry.occurredAt }),
    ...(entry.description !== undefined && { description: entry.description }),
    ...(displayName !== undefined && { displayName }),
    category,
    ...(entry.merchant !== undefined && { merchant: { ...entry.merchant } }),
    ...(entry.card !== undefined && { card: { ...entry.card } }),
    ...(entry.cardPresent !== undefined && { cardPresent: entry.cardPresent }),
    ...(entry.remittanceInformation !== undefined && { remittanceInformation: entry.remittanceInformation }),
    ...(entry.counterparty !== undefined && { counterparty: { ...entry.counterparty } }),
    ...(entry.references !== undefined && { references: { ...entry.references } }),
    ...(entry.fx !== undefined && { fx: { ...entry.fx } }),
    ...(entry.batch !== undefined && { batch: { ...entry.batch } }),
    ...(entry.reversal !== undefined && { reversal: entry.reversal }),
    source: {
      feedId: entry.feedId,
      entryIndex: entry.entryIndex,
      format: entry.sourceFormat,
      ...(entry.bankEntryId !== undefined && { bankEntryId: entry.bankEntryId }),
    },
    normalizedAt: normalizedAt.toISOString(),
  };
}
