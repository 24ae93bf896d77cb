import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** `accepted`: every entry was valid; `accepted-with-rejections`: some entries were listed as rejected and dead-lettered. */
export type FeedStatus = 'accepted' | 'accepted-with-rejections';

/** One pushed file or JSON document. Its entries travel on as events; the feed keeps status and counts. */
@Entity({ name: 'feed' })
@Index('feed_bank_idempotency_key', ['bankId', 'idempotencyKey'], { unique: true })
// The same file pushed again under another key is recognised by its hash (not unique: older rows may repeat).
@Index('feed_bank_body_sha256', ['bankId', 'bodySha256'])
export class FeedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('char', { name: 'body_sha256', length: 64 })
  bodySha256!: string;

  @Column('text')
  format!: string;

  @Column('text')
  status!: FeedStatus;

  /** Entries accepted and queued for publication (one Kafka message each). */
  @Column('integer', { name: 'entry_count' })
  entryCount!: number;

  @Column('bigint', { name: 'body_bytes', default: 0 })
  bodyBytes!: string;

  /** Entries the parser found, valid or not. */
  @Column('integer', { name: 'parsed_entries', default: 0 })
  parsedEntries!: number;

  @Column('integer', { name: 'rejected_entries', default: 0 })
  rejectedEntries!: number;

  /** Stated balances accepted and queued as balance-reported events. */
  @Column('integer', { name: 'balance_count', default: 0 })
  balanceCount!: number;

  @Column('integer', { name: 'statement_count', default: 0 })
  statementCount!: number;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
