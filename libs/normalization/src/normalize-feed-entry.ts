import type { FeedEntryReceivedV1, NormalizedTransactionV1 } from '@kontor/contracts';
import { currencyExponent, decimalToMinorUnits } from '@kontor/money';
import { uuidV5 } from '@kontor/util';

/**
 * The identity of a real-world entry. With the bank's own entry id it is (bank, account, entry id), so
 * a re-sent feed maps onto the same transaction; without one it is the feed position, which never merges
 * two different transactions (fingerprint matching across feeds is issue #4's work).
 */
export function canonicalTransactionId(entry: Pick<FeedEntryReceivedV1, 'bankId' | 'accountRef' | 'bankEntryId' | 'feedId' | 'entryIndex'>): string {
  const identity = entry.bankEntryId
    ? `bank-entry|${entry.bankId}|${entry.accountRef}|${entry.bankEntryId}`
    : `feed-position|${entry.bankId}|${entry.feedId}|${entry.entryIndex}`;
  return uuidV5(identity);
}

/** Pure: a validated feed entry in, the canonical transaction out. Throws on an amount it cannot represent. */
export function normalizeFeedEntry(entry: FeedEntryReceivedV1, normalizedAt: Date): NormalizedTransactionV1 {
  const amountMinor = decimalToMinorUnits(entry.amount, entry.currency);
  return {
    transactionId: canonicalTransactionId(entry),
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
    ...(entry.merchant !== undefined && { merchant: { ...entry.merchant } }),
    ...(entry.card !== undefined && { card: { ...entry.card } }),
    ...(entry.cardPresent !== undefined && { cardPresent: entry.cardPresent }),
    source: {
      feedId: entry.feedId,
      entryIndex: entry.entryIndex,
      format: entry.sourceFormat,
      ...(entry.bankEntryId !== undefined && { bankEntryId: entry.bankEntryId }),
    },
    normalizedAt: normalizedAt.toISOString(),
  };
}
