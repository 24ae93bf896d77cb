import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO4217CurrencyCode, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_REF, CREDIT_DEBIT, CreditDebit, DECIMAL_AMOUNT, ISO_DATE, SIGNED_MINOR_UNITS } from './common';
import { FEED_FORMATS, FeedFormat } from './feed-entry-received.v1';

/**
 * Which balance a statement states, after ISO 20022's balance type codes: OPBD/CLBD/ITBD are booked,
 * OPAV/CLAV/ITAV available, FWAV forward available. MT940 :60F:/:62F:/:64:/:65: and OFX LEDGERBAL/AVAILBAL map onto them.
 */
export type BalanceType =
  | 'opening-booked'
  | 'closing-booked'
  | 'interim-booked'
  | 'opening-available'
  | 'closing-available'
  | 'interim-available'
  | 'forward-available';
export const BALANCE_TYPES: readonly BalanceType[] = [
  'opening-booked',
  'closing-booked',
  'interim-booked',
  'opening-available',
  'closing-available',
  'interim-available',
  'forward-available',
];

/** A balance a partner bank stated in a feed, exactly as stated (decimal and sign), account tokenized. */
export class BalanceReportedV1 {
  @IsUUID()
  feedId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @IsIn(FEED_FORMATS)
  sourceFormat!: FeedFormat;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsString()
  @Length(4, 40)
  accountMasked!: string;

  @IsOptional()
  @IsString()
  @Length(1, 140)
  statementRef?: string;

  @IsIn(BALANCE_TYPES)
  balanceType!: BalanceType;

  @Matches(DECIMAL_AMOUNT)
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  /** CRDT: the bank owes the customer (a positive balance); DBIT: overdrawn. */
  @IsIn(CREDIT_DEBIT)
  creditDebit!: CreditDebit;

  @Matches(ISO_DATE)
  asOfDate!: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  asOfDateTime?: string;
}

export type BalanceConsistency = 'consistent' | 'mismatch' | 'unchecked';
export const BALANCE_CONSISTENCIES: readonly BalanceConsistency[] = ['consistent', 'mismatch', 'unchecked'];

/** Whether the stated balance agrees with the transactions Kontor holds for the account. */
export class BalanceCheck {
  @IsIn(BALANCE_CONSISTENCIES)
  status!: BalanceConsistency;

  /** Stated minus computed, in minor units, when a check ran. */
  @IsOptional()
  @Matches(SIGNED_MINOR_UNITS)
  differenceMinor?: string;
}

/** The latest known balance of an account; the topic is compacted, so its last message per account is the state. */
export class AccountBalanceV1 {
  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsString()
  @Length(4, 40)
  accountMasked!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsInt()
  @Min(0)
  @Max(4)
  currencyExponent!: number;

  /** Booked balance in signed minor units (negative = overdrawn). */
  @Matches(SIGNED_MINOR_UNITS)
  bookedMinor!: string;

  /** Available balance in signed minor units, when known. */
  @IsOptional()
  @Matches(SIGNED_MINOR_UNITS)
  availableMinor?: string;

  /** The moment the balance describes (end of the booking date when only a date is known). */
  @IsISO8601({ strict: true })
  asOf!: string;

  /** `statement`: stated by the bank; `computed`: last stated balance plus booked transactions since. */
  @IsIn(['statement', 'computed'])
  basis!: 'statement' | 'computed';

  @ValidateNested()
  @Type(() => BalanceCheck)
  check!: BalanceCheck;

  @IsISO8601({ strict: true })
  updatedAt!: string;
}
