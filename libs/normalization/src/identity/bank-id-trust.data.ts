import type { FeedFormat } from '@kontor/contracts';
import type { BankIdTrust } from './canonical-id';

/**
 * Per format, how far its entry id can be trusted (docs/normalization.md, "Identity").
 * - trusted: the id is the bank's stable reference for the entry (camt AcctSvcrRef, Kontor entryId,
 *   Berlin Group transactionId / entryReference).
 * - checked: usually stable, but exports are known to reuse it (OFX FITID, MT940 :61: bank reference, BAI2
 *   bank reference): used only when unique within the feed and account, together with date and amount.
 * - untrusted: CSV exports carry row numbers or nothing.
 */
export const BANK_ID_TRUST: Record<FeedFormat, BankIdTrust> = {
  'kontor-json': 'trusted',
  'berlin-group-json': 'trusted',
  'camt.052': 'trusted',
  'camt.053': 'trusted',
  'camt.054': 'trusted',
  ofx: 'checked',
  mt940: 'checked',
  mt942: 'checked',
  bai2: 'checked',
  csv: 'untrusted',
};

/** Values that formats put where an id should be when there is none. */
export const PLACEHOLDER_BANK_IDS = /^(NONREF|NOREF|NOTPROVIDED|NOT PROVIDED|NONE|N\/?A|NULL|-+|0+)$/i;
