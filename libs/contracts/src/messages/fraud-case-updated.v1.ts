import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ACCOUNT_REF } from './common';

/** A fraud case's lifecycle: `open` when its alert is raised, then one verdict or expiry. */
export type FraudCaseStatus = 'open' | 'confirmed_fraud' | 'confirmed_genuine' | 'expired';
export const FRAUD_CASE_STATUSES: readonly FraudCaseStatus[] = ['open', 'confirmed_fraud', 'confirmed_genuine', 'expired'];

/** Who settled a case: the customer (messenger feedback), a bank analyst (case API) or the expiry sweep. */
export type FraudCaseResolver = 'customer' | 'analyst' | 'expiry';
export const FRAUD_CASE_RESOLVERS: readonly FraudCaseResolver[] = ['customer', 'analyst', 'expiry'];

/** A fraud case left `open`: how it ended, so a bank or the messenger can follow up. */
export class FraudCaseUpdatedV1 {
  /** The alert the case belongs to (one case per alert). */
  @IsUUID()
  alertId!: string;

  @IsUUID()
  transactionId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsIn(FRAUD_CASE_STATUSES)
  status!: FraudCaseStatus;

  @IsOptional()
  @IsIn(FRAUD_CASE_RESOLVERS)
  resolvedBy?: FraudCaseResolver;

  @IsString()
  @Length(1, 64)
  ruleSetVersion!: string;

  @IsISO8601({ strict: true })
  updatedAt!: string;
}
