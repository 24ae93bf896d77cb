import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_REF } from './common';
import { FraudReason } from './fraud-reason';

export type FraudDecision = 'allow' | 'review' | 'alert';
export const FRAUD_DECISIONS: readonly FraudDecision[] = ['allow', 'review', 'alert'];

export class TransactionScoredV1 {
  @IsUUID()
  transactionId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  /** 0 (no risk seen) to 1000. */
  @IsInt()
  @Min(0)
  @Max(1000)
  score!: number;

  @IsIn(FRAUD_DECISIONS)
  decision!: FraudDecision;

  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FraudReason)
  reasons!: FraudReason[];

  /** The rule set and thresholds that produced this score, so every decision can be explained later. */
  @IsString()
  @Length(1, 64)
  ruleSetVersion!: string;

  @IsISO8601({ strict: true })
  scoredAt!: string;
}
