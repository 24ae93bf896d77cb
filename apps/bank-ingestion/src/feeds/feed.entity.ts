import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type FeedStatus = 'accepted';

/** One pushed file or JSON document. Its entries travel on as events; the feed keeps status and counts. */
@Entity({ name: 'feed' })
@Index('feed_bank_idempotency_key', ['bankId', 'idempotencyKey'], { unique: true })
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

  @Column('integer', { name: 'entry_count' })
  entryCount!: number;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
