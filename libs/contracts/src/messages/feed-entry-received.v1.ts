import { IsIn, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ACCOUNT_REF, CREDIT_DEBIT, CreditDebit, DECIMAL_AMOUNT, ENTRY_STATUSES, EntryStatus, ISO_DATE } from './common';
import { TransactionDetails } from './entry-details';

/** Every feed format ingestion reads (see docs/partner-banks.md for how each is detected). */
export const FEED_FORMATS = [
  'kontor-json',
  'berlin-group-json',
  'camt.052',
  'camt.053',
  'camt.054',
  'ofx',
  'mt940',
  'mt942',
  'bai2',
  'csv',
] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * One entry of an accepted feed, as the bank stated it (amount as an exact decimal string), after the
 * edge has tokenized the account and card. Normalization turns it into a NormalizedTransactionV1.
 */
export class FeedEntryReceivedV1 extends TransactionDetails {
  @IsUUID()
  feedId!: string;

  /** Position of the entry in its feed, from 0; with feedId it names the entry uniquely. */
  @IsInt()
  @Min(0)
  entryIndex!: number;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @IsIn(FEED_FORMATS)
  sourceFormat!: FeedFormat;

  /** The bank's own id for the entry, when it has one. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  bankEntryId?: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  /** Display form of the account, e.g. "DE89 •••• 3000"; never the full number. */
  @IsString()
  @Length(4, 40)
  accountMasked!: string;

  @Matches(DECIMAL_AMOUNT)
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsIn(CREDIT_DEBIT)
  creditDebit!: CreditDebit;

  @IsIn(ENTRY_STATUSES)
  status!: EntryStatus;

  @Matches(ISO_DATE)
  bookingDate!: string;

  @IsOptional()
  @Matches(ISO_DATE)
  valueDate?: string;

  /** The statement or report within the file this entry belongs to (camt `Stmt/Id`, MT940 :20:/:28C:, OFX account). */
  @IsOptional()
  @IsString()
  @Length(1, 140)
  statementRef?: string;
}
