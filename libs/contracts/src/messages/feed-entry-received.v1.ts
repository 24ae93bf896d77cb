import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACCOUNT_REF,
  CardReference,
  CREDIT_DEBIT,
  CreditDebit,
  DECIMAL_AMOUNT,
  ENTRY_STATUSES,
  EntryStatus,
  ISO_DATE,
  MerchantDetails,
} from './common';

export const FEED_FORMATS = ['kontor-json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * One entry of an accepted feed, as the bank stated it (amount as an exact decimal string), after the
 * edge has tokenized the account and card. Normalization turns it into a NormalizedTransactionV1.
 */
export class FeedEntryReceivedV1 {
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
  @ValidateNested()
  @Type(() => CardReference)
  card?: CardReference;

  @IsOptional()
  @IsBoolean()
  cardPresent?: boolean;
}
