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
 * (a booked transaction undone by a later reversal), `expired` (a pending one that never posted in time),
 * `superseded` (a pending one that posted: its booked transaction, named in `supersededBy`, replaces it).
 * Only `pending` and `booked` transactions count towards what a customer spent; `reversed` ones still count
 * towards the booked balance (the reversal is booked as its own transaction that offsets it).
 */
export type TransactionStatus = 'pending' | 'booked' | 'reversed' | 'expired' | 'superseded';
export const TRANSACTION_STATUSES: readonly TransactionStatus[] = ['pending', 'booked', 'reversed', 'expired', 'superseded'];

/** How the canonical id was derived: from the bank's own entry id, or from the fingerprint (docs/normalization.md). */
export type TransactionIdentityBasis = 'bank-id' | 'fingerprint';
export const TRANSACTION_IDENTITY_BASES: readonly TransactionIdentityBasis[] = ['bank-id', 'fingerprint'];

/** Two-level category from Kontor's taxonomy (docs/normalization.md, "Category"), e.g. `food` / `food.coffee`. */
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

/**
 * A link between two canonical transactions. On the later one (`supersedes`): `posts-pending` — this booked
 * transaction is the posting of that pending one; `reverses` — this entry undoes that booked one; `refunds` —
 * this credit gives (part of) that debit back. On the earlier one (`supersededBy`), the same link pointing forward.
 */
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

/**
 * The canonical transaction every internal consumer builds on. The topic carries every revision of a
 * transaction: revision 1 when it is first seen, then one more for each change (a pending one posted or
 * expired, a booked one reversed). The event id is derived from (transactionId, revision), so a message
 * seen twice on the topic (at-least-once delivery) carries the same event id and consumers deduplicate by it;
 * they keep, per transactionId, the highest revision. A booked transaction that posts a pending one is
 * announced first, then the pending one's `superseded` revision, both in one outbox transaction and keyed
 * by the account, so they arrive in that order. Rules: docs/normalization.md.
 */
export class NormalizedTransactionV1 extends TransactionDetails {
  /** Deterministic: the same real-world entry always gets the same id — from the bank's id when trustworthy, else the fingerprint (docs/normalization.md, "Identity"). */
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

  /**
   * The later transaction that posted (status `superseded`) or reversed (status `reversed`) this one; set on the
   * revision that announces the change. Refunds do not set it: the refunded debit stays `booked`.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => TransactionLink)
  supersededBy?: TransactionLink;

  /** Whether `transactionId` comes from the bank's entry id or from the fingerprint. */
  @IsOptional()
  @IsIn(TRANSACTION_IDENTITY_BASES)
  identity?: TransactionIdentityBasis;

  @IsDefined()
  @ValidateNested()
  @Type(() => TransactionSource)
  source!: TransactionSource;

  @IsISO8601({ strict: true })
  normalizedAt!: string;
}
