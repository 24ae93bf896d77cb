import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FraudCaseResolver, FraudCaseStatus, FraudReason } from '@kontor/contracts';
import type { TransactionFeatures } from '@kontor/fraud-rules';

/** One case per alert: what was alerted and why, and how it ended. */
@Entity({ name: 'fraud_case' })
@Index('fraud_case_bank_status_opened', ['bankId', 'status', 'openedAt'])
@Index('fraud_case_open_expires', ['expiresAt'], { where: `"status" = 'open'` })
export class FraudCaseEntity {
  /** The alert's id: one case per alert. */
  @PrimaryColumn('uuid', { name: 'alert_id' })
  alertId!: string;

  @Column('uuid', { name: 'transaction_id' })
  transactionId!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('text', { name: 'card_last4', nullable: true })
  cardLast4!: string | null;

  @Column('text', { name: 'merchant_name', nullable: true })
  merchantName!: string | null;

  @Column('text', { name: 'amount_minor' })
  amountMinor!: string;

  @Column('text')
  currency!: string;

  @Column('smallint', { name: 'currency_exponent' })
  currencyExponent!: number;

  @Column('smallint')
  score!: number;

  @Column('jsonb')
  reasons!: FraudReason[];

  @Column('text', { name: 'rule_set_version' })
  ruleSetVersion!: string;

  /** What the profile learns if the customer confirms it (no PAN: the card is a token). */
  @Column('jsonb')
  features!: TransactionFeatures;

  @Column('text')
  status!: FraudCaseStatus;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;

  @Column('text', { name: 'resolved_by', nullable: true })
  resolvedBy!: FraudCaseResolver | null;

  @Column('text', { nullable: true })
  note!: string | null;
}
