import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { FraudDecision, FraudReason } from '@kontor/contracts';

/** The score of one transaction, with the rule-set version that produced it: every decision stays explainable. */
@Entity({ name: 'transaction_score' })
export class TransactionScoreEntity {
  @PrimaryColumn('uuid', { name: 'transaction_id' })
  transactionId!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('smallint')
  score!: number;

  @Column('text')
  decision!: FraudDecision;

  @Column('jsonb')
  reasons!: FraudReason[];

  @Column('text', { name: 'rule_set_version' })
  ruleSetVersion!: string;

  /** The highest revision of the transaction seen; older and equal ones are redeliveries. */
  @Column('int', { default: 1 })
  revision!: number;

  /** The amount and currency scored, to tell whether a later revision changed materially (null before issue #5). */
  @Column('text', { name: 'amount_minor', nullable: true })
  amountMinor!: string | null;

  @Column('text', { nullable: true })
  currency!: string | null;

  @Column('uuid', { name: 'alert_id', nullable: true })
  alertId!: string | null;

  @CreateDateColumn({ name: 'scored_at', type: 'timestamptz' })
  scoredAt!: Date;
}
