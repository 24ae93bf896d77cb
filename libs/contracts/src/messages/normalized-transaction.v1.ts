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
import { ACCOUNT_REF, ISO_DATE, MINOR_UNITS } from './common';
import { TransactionDetails } from './entry-details';
import { FEED_FORMATS, FeedFormat } from './feed-entry-received.v1';

export type Direction = 'debit' | 'credit';
export const DIRECTIONS: readonly Direction[] = ['debit', 'credit'];

/**
 * Lifecycle of a canonical transaction: `pending` (authorised, not posted), `booked` (posted), `reversed`
 * (a booked transaction undone by a later reversal), `expired` (a pending one that never posted in time).
 */
export type TransactionStatus = 'pending' | 'booked' | 'reversed' | 'expired';
export const TRANSACTION_STATUSES: readonly TransactionStatus[] = ['pending', 'booked', 'reversed', 'expired'];

/** Two-level category from Kontor's taxonomy (docs/topics.md, "Categories"), e.g. `food` / `food.coffee`. */
export class TransactionCategory {
  @Matches(/^[a-z][a-z_]{1,39}$/)
  primary!: string;

  /** `<primary>.<detail>`. */
  @Matches(/^[a-z][a-z_]{1,39}\.[a-z][a-z_]{1,39}$/)
  detailed!: string;

  /** Where the category came from, e.g. `mcc`, `bank-code`, `merchant`, `counterparty`, `descriptor`, `default`. */
  @IsString()
  @Length(1, 40)
  source!: string;
}

export type TransactionRelation = 'posts-pending' | 'reverses' | 'refunds';
export const TRANSACTION_RELATIONS: readonly TransactionRelation[] = ['posts-pending', 'reverses', 'refunds'];

/** A link from this transaction to an earlier one it settles, reverses or refunds. */
export class TransactionLink {
  @IsUUID()
  transactionId!: string;

  @IsIn(TRANSACTION_RELATIONS)
  relation!: TransactionRelation;

  /** How sure the match is, 0–1000 (1000 = the bank's own ids matched). */
  @IsInt()
  @Min(0)
  @Max(1000)
  confidence!: number;
}

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
export class NormalizedTransactionV1 extends TransactionDetails {
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

  @IsIn(TRANSACTION_STATUSES)
  status!: TransactionStatus;

  /**
   * Starts at 1 and grows with every update of the same transactionId (posted, reversed, expired, enriched);
   * consumers keep the highest revision they have seen.
   */
  @IsInt()
  @Min(1)
  revision!: number;

  @Matches(ISO_DATE)
  bookingDate!: string;

  @IsOptional()
  @Matches(ISO_DATE)
  valueDate?: string;

  /** Merchant or counterparty name cleaned for display, e.g. "Blue Bottle Coffee" for "SQ *BLUE BTL 0412". */
  @IsOptional()
  @IsString()
  @Length(1, 140)
  displayName?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TransactionCategory)
  category?: TransactionCategory;

  /** The earlier transaction this one settles, reverses or refunds. */
  @IsOptional()
  @ValidateNested()
  @Type(() => TransactionLink)
  supersedes?: TransactionLink;

  @IsDefined()
  @ValidateNested()
  @Type(() => TransactionSource)
  source!: TransactionSource;

  @IsISO8601({ strict: true })
  normalizedAt!: string;
}
