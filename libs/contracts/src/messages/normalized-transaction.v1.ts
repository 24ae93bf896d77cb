import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_REF, ENTRY_STATUSES, EntryStatus, ISO_DATE, MINOR_UNITS, TransactionNarrative } from './common';
import { FEED_FORMATS, FeedFormat } from './feed-entry-received.v1';

export type Direction = 'debit' | 'credit';
export const DIRECTIONS: readonly Direction[] = ['debit', 'credit'];

/** Where a canonical transaction came from: the feed and the entry within it. */
export class TransactionSource {
  @IsUUID()
  feedId!: string;

  @IsInt()
  @Min(0)
  entryIndex!: number;

  @IsIn(FEED_FORMATS)
  format!: FeedFormat;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  bankEntryId?: string;
}

/** The canonical transaction every internal consumer builds on. */
export class NormalizedTransactionV1 extends TransactionNarrative {
  /** Deterministic: the same real-world entry always gets the same id (see docs/topics.md). */
  @IsUUID()
  transactionId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsString()
  @Length(4, 40)
  accountMasked!: string;

  /** Unsigned amount in minor units of `currency` (e.g. "1250" = 12.50 EUR). */
  @Matches(MINOR_UNITS)
  amountMinor!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  /** ISO 4217 exponent of `currency`: minor units per major unit = 10^exponent. */
  @IsInt()
  @Min(0)
  @Max(4)
  currencyExponent!: number;

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsIn(ENTRY_STATUSES)
  status!: EntryStatus;

  @Matches(ISO_DATE)
  bookingDate!: string;

  @IsOptional()
  @Matches(ISO_DATE)
  valueDate?: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => TransactionSource)
  source!: TransactionSource;

  @IsISO8601({ strict: true })
  normalizedAt!: string;
}
