import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_REF, DECIMAL_AMOUNT, TransactionNarrative } from './common';

/** Positive decimal exchange rate as the bank states it, e.g. "1.0834" (units of target per unit of source). */
export const EXCHANGE_RATE = /^\d{1,12}(\.\d{1,12})?$/;

/**
 * The other side of a transfer: who paid or was paid. The account travels only tokenized and masked; the
 * name is what the bank stated (it may be a person's name, so consumers show it only to its own customer).
 */
export class Counterparty {
  @IsOptional()
  @IsString()
  @Length(1, 140)
  name?: string;

  @IsOptional()
  @Matches(ACCOUNT_REF)
  accountRef?: string;

  /** Display form of the counterparty's account, e.g. "NL91 •••• 4300"; never the full number. */
  @IsOptional()
  @IsString()
  @Length(4, 40)
  accountMasked?: string;

  @IsOptional()
  @Matches(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/)
  bic?: string;
}

/** The bank's own references for an entry, as the format carries them. */
export class BankReferences {
  /** ISO 20022 EndToEndId, or MT940 :61: customer reference. */
  @IsOptional()
  @IsString()
  @Length(1, 140)
  endToEndId?: string;

  /** ISO 20022 AcctSvcrRef, MT940 :61: bank reference, OFX FITID, BAI2 bank reference. */
  @IsOptional()
  @IsString()
  @Length(1, 140)
  accountServicerRef?: string;

  @IsOptional()
  @IsString()
  @Length(1, 140)
  instructionId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 140)
  paymentInformationId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 140)
  mandateId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 140)
  creditorId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 40)
  chequeNumber?: string;

  /**
   * Bank transaction code, prefixed by its scheme: `iso:PMNT-ICDT-ESCT` (ISO 20022 domain-family-subfamily),
   * `prtry:<issuer>:<code>`, `swift:NTRF` (MT940 :61: type), `bai2:475`, `ofx:POS`.
   */
  @IsOptional()
  @IsString()
  @Length(1, 80)
  transactionCode?: string;
}

/** The amount in the currency the transaction was originally made in, and the rate applied. */
export class ForeignExchange {
  @Matches(DECIMAL_AMOUNT)
  originalAmount!: string;

  @IsISO4217CurrencyCode()
  originalCurrency!: string;

  @IsOptional()
  @Matches(EXCHANGE_RATE)
  exchangeRate?: string;
}

/** An entry that the bank booked as part of a batch: where it sits in it. */
export class BatchDetails {
  /** Batch or collective booking reference (e.g. camt `NtryRef` / `PmtInfId`, BAI2 group). */
  @IsOptional()
  @IsString()
  @Length(1, 140)
  batchRef?: string;

  /** Number of transactions the batch holds, as stated. */
  @IsOptional()
  @IsInt()
  @Min(1)
  entryCount?: number;

  /** Position of this transaction within the batch, from 0. */
  @IsOptional()
  @IsInt()
  @Min(0)
  index?: number;
}

/**
 * The narrative plus what formats carry beyond money, date and card; shared by feed entries and canonical
 * transactions so neither re-declares it.
 */
export class TransactionDetails extends TransactionNarrative {
  /** Unstructured remittance information (purpose text), PANs redacted. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  remittanceInformation?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Counterparty)
  counterparty?: Counterparty;

  @IsOptional()
  @ValidateNested()
  @Type(() => BankReferences)
  references?: BankReferences;

  @IsOptional()
  @ValidateNested()
  @Type(() => ForeignExchange)
  fx?: ForeignExchange;

  @IsOptional()
  @ValidateNested()
  @Type(() => BatchDetails)
  batch?: BatchDetails;

  /** The bank marked this entry as the reversal of an earlier one (camt RvslInd, MT940 RC/RD). */
  @IsOptional()
  @IsBoolean()
  reversal?: boolean;
}
