import type { FeedEntryReceivedV1, FeedFormat, TransactionIdentityBasis } from '@kontor/contracts';
import { decimalToMinorUnits } from '@kontor/money';
import { uuidV5 } from '@kontor/util';
import { normalizeDescriptor, rawDescriptor } from './descriptor';
import { BANK_ID_TRUST, PLACEHOLDER_BANK_IDS } from './bank-id-trust.data';

/** How far a format's own entry id can be trusted as the identity of a transaction. */
export type BankIdTrust = 'trusted' | 'checked' | 'untrusted';

type IdentityFields = Pick<
  FeedEntryReceivedV1,
  'bankId' | 'accountRef' | 'bankEntryId' | 'sourceFormat' | 'status' | 'bookingDate' | 'amount' | 'currency' | 'creditDebit' | 'description' | 'merchant' | 'counterparty' | 'remittanceInformation'
>;

export function bankIdTrust(format: FeedFormat): BankIdTrust {
  return BANK_ID_TRUST[format];
}

/** The entry's bank id if its format and value make it usable at all (placeholders such as MT940 NONREF are not). */
export function usableBankEntryId(entry: Pick<FeedEntryReceivedV1, 'bankEntryId' | 'sourceFormat'>): string | undefined {
  const id = entry.bankEntryId?.trim();
  if (!id || bankIdTrust(entry.sourceFormat) === 'untrusted' || PLACEHOLDER_BANK_IDS.test(id)) return undefined;
  return id;
}

/**
 * The fingerprint: what makes an entry the same real-world event when no id can be trusted — bank, account,
 * booking date, exact amount and currency, direction, status and the normalized descriptor. Two identical
 * coffees on one day share it; the occurrence counter tells them apart (see canonicalIdentity).
 */
export function entryFingerprint(entry: IdentityFields): string {
  const amountMinor = decimalToMinorUnits(entry.amount, entry.currency).toString();
  return uuidV5(
    ['fingerprint', entry.bankId, entry.accountRef, entry.status, entry.bookingDate, amountMinor, entry.currency, entry.creditDebit, normalizeDescriptor(rawDescriptor(entry))].join('|'),
  );
}

export interface IdentityContext {
  /** How many earlier entries of the same feed have the same fingerprint (0 for the first). */
  occurrence: number;
  /** Whether an earlier entry of the same feed and account carried the same bank id. */
  bankIdRepeatedInFeed: boolean;
}

export interface CanonicalIdentity {
  transactionId: string;
  basis: TransactionIdentityBasis;
  fingerprint: string;
}

/**
 * The deterministic canonical id (docs/normalization.md, "Identity"):
 * - a trusted bank id (camt AcctSvcrRef, Kontor entryId, Berlin Group transactionId): bank + account + id;
 * - a checked bank id (OFX FITID, MT940 bank reference, BAI2): used only when unique within the feed, and
 *   combined with date, amount and direction, because some exports reuse ids across files;
 * - otherwise the fingerprint plus the occurrence counter within the feed: the second identical coffee in a
 *   feed is occurrence 1, and the same feed sent again yields the same ids.
 * Pending and booked entries live in separate id spaces: a posted entry is a new transaction that supersedes
 * its pending one (matching), even when the bank keeps the id.
 */
export function canonicalIdentity(entry: IdentityFields, context: IdentityContext): CanonicalIdentity {
  const fingerprint = entryFingerprint(entry);
  const bankEntryId = usableBankEntryId(entry);
  const trust = bankIdTrust(entry.sourceFormat);
  if (bankEntryId && trust === 'trusted') {
    return { transactionId: uuidV5(['bank-entry', entry.status, entry.bankId, entry.accountRef, bankEntryId].join('|')), basis: 'bank-id', fingerprint };
  }
  if (bankEntryId && trust === 'checked' && !context.bankIdRepeatedInFeed) {
    const amountMinor = decimalToMinorUnits(entry.amount, entry.currency).toString();
    const name = ['bank-entry-checked', entry.status, entry.bankId, entry.accountRef, bankEntryId, entry.bookingDate, amountMinor, entry.currency, entry.creditDebit];
    return { transactionId: uuidV5(name.join('|')), basis: 'bank-id', fingerprint };
  }
  return { transactionId: uuidV5(`fingerprint-occurrence|${fingerprint}|${context.occurrence}`), basis: 'fingerprint', fingerprint };
}
