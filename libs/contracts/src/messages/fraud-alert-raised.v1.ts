import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
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
import { ACCOUNT_REF, CardReference, MINOR_UNITS } from './common';
import { FraudReason } from './fraud-reason';

/** Carries only what the customer message needs: merchant, amount, card last four, reasons. */
export class FraudAlertRaisedV1 {
  /** Deterministic per transaction and rule-set version, so a redelivery never makes a second alert. */
  @IsUUID()
  alertId!: string;

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

  @IsOptional()
  @IsString()
  @Length(1, 140)
  merchantName?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => CardReference)
  card?: CardReference;

  @Matches(MINOR_UNITS)
  amountMinor!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsInt()
  @Min(0)
  @Max(4)
  currencyExponent!: number;

  @IsInt()
  @Min(0)
  @Max(1000)
  score!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => FraudReason)
  reasons!: FraudReason[];

  @IsString()
  @Length(1, 64)
  ruleSetVersion!: string;

  @IsISO8601({ strict: true })
  raisedAt!: string;

  /** When the transaction happened, as the bank stated it (for the customer message). */
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  /** When the case this alert opened expires unanswered. */
  @IsOptional()
  @IsISO8601({ strict: true })
  caseExpiresAt?: string;
}
