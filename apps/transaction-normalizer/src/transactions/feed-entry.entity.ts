import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every feed entry the normalizer has taken in and the canonical transaction it became. It is what the
 * fingerprint occurrence counter and the "bank id unique within the feed" check count on. Counts are per
 * feed and a feed's entries arrive together, so rows are pruned after NORMALIZER_FEED_ENTRY_RETENTION_DAYS.
 */
@Entity({ name: 'feed_entry' })
@Index('feed_entry_feed_fingerprint', ['feedId', 'fingerprint'])
@Index('feed_entry_feed_bank_entry', ['feedId', 'accountRef', 'bankEntryId'])
export class FeedEntryEntity {
  @PrimaryColumn('uuid', { name: 'feed_id' })
  feedId!: string;

  @PrimaryColumn('integer', { name: 'entry_index' })
  entryIndex!: number;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('uuid')
  fingerprint!: string;

  @Column('text', { name: 'bank_entry_id', nullable: true })
  bankEntryId!: string | null;

  @Column('uuid', { name: 'transaction_id' })
  transactionId!: string;

  @Index('feed_entry_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
