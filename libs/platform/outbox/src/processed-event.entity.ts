import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Inbox: one row per event a consumer group has applied, written in the effect's transaction. */
@Entity({ name: 'processed_event' })
export class ProcessedEventEntity {
  @PrimaryColumn('text', { name: 'consumer_group' })
  consumerGroup!: string;

  @PrimaryColumn('text', { name: 'event_id' })
  eventId!: string;

  /** Indexed for pruning once no redelivery can bring the event back. */
  @Index('processed_event_processed_at')
  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
