import { IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ACCOUNT_REF } from './common';

/** `genuine`: the customer made the transaction ("It was me"); `fraud`: they did not ("Not me"). */
export type FraudVerdict = 'genuine' | 'fraud';
export const FRAUD_VERDICTS: readonly FraudVerdict[] = ['genuine', 'fraud'];

/** The customer's answer to a fraud alert, from the messenger back to fraud scoring. */
export class FraudFeedbackReceivedV1 {
  /** Deterministic per alert and answer, so a redelivered webhook gives the same event. */
  @IsUUID()
  feedbackId!: string;

  @IsUUID()
  alertId!: string;

  @IsUUID()
  transactionId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsIn(FRAUD_VERDICTS)
  verdict!: FraudVerdict;

  @IsIn(['messenger'])
  channel!: 'messenger';

  @IsISO8601({ strict: true })
  answeredAt!: string;
}
