import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
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

  /**
   * The revision of the transaction this score is for. A transaction is scored on first sight; a later
   * revision is scored again (a second score event) only when it changed materially, e.g. a higher booked amount.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number;

  /** The alert this score raised, if any (its id is deterministic per transaction and rule-set version). */
  @IsOptional()
  @IsUUID()
  alertId?: string;
}
