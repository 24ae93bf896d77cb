import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MessengerEventKind } from './messenger-webhook';

/** pending → processing (leased) → done | failed; a failed attempt goes back to pending with backoff. */
export type WebhookEventStatus = 'pending' | 'processing' | 'done' | 'failed';

/**
 * The inbox: every Messenger event worth acting on, stored in the webhook request before the 200 goes
 * back, so nothing Meta delivered is lost when the gateway stops; the unique dedup key makes Meta's
 * redeliveries no-ops. Rows are pruned a week after they were handled.
 */
@Entity({ name: 'webhook_event' })
@Index('webhook_event_due', ['status', 'nextAttemptAt'])
@Index('webhook_event_dedup_key', ['dedupKey'], { unique: true })
@Index('webhook_event_psid', ['psid', 'id'])
export class WebhookEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('text', { name: 'dedup_key' })
  dedupKey!: string;

  @Column('text')
  kind!: MessengerEventKind;

  @Column('text', { name: 'page_id' })
  pageId!: string;

  @Column('text', { nullable: true })
  psid!: string | null;

  @Column('jsonb')
  event!: Record<string, unknown>;

  @Column('boolean', { default: false })
  standby!: boolean;

  @Column('timestamptz', { name: 'event_time' })
  eventTime!: Date;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;

  @Column('text', { default: 'pending' })
  status!: WebhookEventStatus;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}
