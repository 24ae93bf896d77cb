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

  @Column('uuid', { name: 'alert_id', nullable: true })
  alertId!: string | null;

  @CreateDateColumn({ name: 'scored_at', type: 'timestamptz' })
  scoredAt!: Date;
}
