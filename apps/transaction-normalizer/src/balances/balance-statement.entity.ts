import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BalanceConsistency, BalanceType } from '@kontor/contracts';

/** A balance a bank stated, per account, currency, type and date (the latest statement of that key wins). */
@Entity({ name: 'balance_statement' })
@Index('balance_statement_account_date', ['accountRef', 'currency', 'asOfDate'])
export class BalanceStatementEntity {
  @PrimaryColumn('text', { name: 'account_ref' })
  accountRef!: string;

  @PrimaryColumn('char', { length: 3 })
  currency!: string;

  @PrimaryColumn('text', { name: 'balance_type' })
  balanceType!: BalanceType;

  @PrimaryColumn('date', { name: 'as_of_date' })
  asOfDate!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  /** Signed minor units (negative = overdrawn). */
  @Column('bigint', { name: 'amount_minor' })
  amountMinor!: string;

  @Column('timestamptz', { name: 'as_of_date_time', nullable: true })
  asOfDateTime!: Date | null;

  @Column('uuid', { name: 'feed_id' })
  feedId!: string;

  @Column('text', { name: 'statement_ref', nullable: true })
  statementRef!: string | null;

  /** The balance Kontor computed from the previous statement and the transactions since, if it could. */
  @Column('bigint', { name: 'computed_minor', nullable: true })
  computedMinor!: string | null;

  @Column('text', { name: 'check_status' })
  checkStatus!: BalanceConsistency;

  @Column('bigint', { name: 'difference_minor', nullable: true })
  differenceMinor!: string | null;

  @CreateDateColumn({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;
}
