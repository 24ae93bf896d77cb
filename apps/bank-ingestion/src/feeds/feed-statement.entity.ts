import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CurrencyCheckResult, SourceLocation, StatementCheckResult } from '@kontor/feed-parsers';

/** One statement of a feed and its balance check (opening + Σ entries = closing, per currency). */
@Entity({ name: 'feed_statement' })
export class FeedStatementEntity {
  @PrimaryColumn('uuid', { name: 'feed_id' })
  feedId!: string;

  @PrimaryColumn('integer')
  seq!: number;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('text', { name: 'statement_ref', nullable: true })
  statementRef!: string | null;

  @Column('jsonb')
  location!: SourceLocation;

  @Column('integer', { name: 'entry_count' })
  entryCount!: number;

  @Column('text', { name: 'balance_check' })
  balanceCheck!: StatementCheckResult;

  @Column('jsonb')
  currencies!: CurrencyCheckResult[];
}
