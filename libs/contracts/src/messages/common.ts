import { Type } from 'class-transformer';
import { IsBoolean, IsISO31661Alpha2, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

/** Unsigned decimal amount as the bank stated it, e.g. "1234.50"; the sign lives in `creditDebit`. */
export const DECIMAL_AMOUNT = /^\d{1,18}(\.\d{1,6})?$/;
/** Unsigned integer amount in the currency's minor units, as a string so no float ever holds money (≤ 18 digits: fits bigint). */
export const MINOR_UNITS = /^\d{1,18}$/;
/** Signed integer amount in minor units (balances can be negative), e.g. "-1250". */
export const SIGNED_MINOR_UNITS = /^-?\d{1,18}$/;
/** Tokenized references are opaque; the prefix says what they stand for. */
export const ACCOUNT_REF = /^acc_[A-Za-z0-9_-]{16,64}$/;
export const CARD_TOKEN = /^card_[A-Za-z0-9_-]{16,64}$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type CreditDebit = 'CRDT' | 'DBIT';
export const CREDIT_DEBIT: readonly CreditDebit[] = ['CRDT', 'DBIT'];

export type EntryStatus = 'booked' | 'pending';
export const ENTRY_STATUSES: readonly EntryStatus[] = ['booked', 'pending'];

/** A payment card as it may leave ingestion: a token and the last four digits, never the PAN. */
export class CardReference {
  @Matches(CARD_TOKEN)
  token!: string;

  @Matches(/^\d{4}$/)
  last4!: string;
}

export class MerchantDetails {
  @IsString()
  @Length(1, 140)
  name!: string;

  /** ISO 18245 merchant category code. */
  @IsOptional()
  @Matches(/^\d{4}$/)
  mcc?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  city?: string;

  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}

/** What a transaction says about itself beyond the money and the card, as banks state it. */
export class TransactionDescription {
  /** When the transaction happened, ISO 8601 with zone, if the bank says. */
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => MerchantDetails)
  merchant?: MerchantDetails;

  @IsOptional()
  @IsBoolean()
  cardPresent?: boolean;
}

/** The description plus the card as it may travel inside Kontor (token and last four, never the PAN). */
export class TransactionNarrative extends TransactionDescription {
  @IsOptional()
  @ValidateNested()
  @Type(() => CardReference)
  card?: CardReference;
}
