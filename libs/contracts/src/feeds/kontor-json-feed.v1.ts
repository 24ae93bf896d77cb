import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CREDIT_DEBIT, CreditDebit, DECIMAL_AMOUNT, ENTRY_STATUSES, EntryStatus, ISO_DATE, TransactionDescription } from '../messages/common';

/** Payment card as a bank sends it. The PAN is tokenized at the edge and never stored or published. */
export class FeedCard {
  /** Full card number; accepted only to be tokenized on arrival. Send `last4` alone if you can. */
  @IsOptional()
  @Matches(/^\d{12,19}$/, { message: 'pan must be 12 to 19 digits' })
  pan?: string;

  @IsOptional()
  @Matches(/^\d{4}$/)
  last4?: string;
}

/** One entry of a Kontor JSON feed (`application/vnd.kontor.feed.v1+json`). */
export class KontorJsonFeedEntryV1 extends TransactionDescription {
  /** The bank's unique id for this entry; re-sending an entry with the same id never duplicates it. */
  @IsString()
  @Length(1, 128)
  entryId!: string;

  /** The account the entry belongs to: IBAN or the bank's account number. */
  @IsString()
  @Matches(/^[A-Za-z0-9]{4,34}$/, { message: 'accountId must be 4 to 34 letters or digits (IBAN or account number, no spaces)' })
  accountId!: string;

  /** Unsigned decimal in major units, exactly as booked, e.g. "42.50". */
  @Matches(DECIMAL_AMOUNT, { message: 'amount must be an unsigned decimal string such as "42.50"' })
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsIn(CREDIT_DEBIT)
  creditDebit!: CreditDebit;

  @IsIn(ENTRY_STATUSES)
  status!: EntryStatus;

  @Matches(ISO_DATE, { message: 'bookingDate must be YYYY-MM-DD' })
  bookingDate!: string;

  @IsOptional()
  @Matches(ISO_DATE, { message: 'valueDate must be YYYY-MM-DD' })
  valueDate?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => FeedCard)
  card?: FeedCard;
}

export const MAX_JSON_FEED_ENTRIES = 10_000;

/** Body of `POST /v1/feeds` with content type `application/json`. */
export class KontorJsonFeedV1 {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_JSON_FEED_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => KontorJsonFeedEntryV1)
  entries!: KontorJsonFeedEntryV1[];
}
