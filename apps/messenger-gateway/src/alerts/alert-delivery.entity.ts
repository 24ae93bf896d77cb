import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerLocale } from '../consent/customer-consent.entity';

/** pending → sending (leased to one sender) → sent | failed; a transient failure goes back to pending. */
export type AlertDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * One fraud alert for one Messenger user. The (alert, user) key makes a redelivered alert event a no-op;
 * the status makes sure a sent alert is never sent again.
 */
@Entity({ name: 'alert_delivery' })
@Index('alert_delivery_due', ['status', 'nextAttemptAt'])
export class AlertDeliveryEntity {
  @PrimaryColumn('uuid', { name: 'alert_id' })
  alertId!: string;

  @PrimaryColumn('text')
  psid!: string;

  @Column('uuid', { name: 'consent_id' })
  consentId!: string;

  @Column('text', { default: 'en' })
  locale!: CustomerLocale;

  /** The Send API request body, built when the alert arrived (only what the message needs). */
  @Column('jsonb')
  message!: object;

  @Column('text')
  status!: AlertDeliveryStatus;

  @Column('integer', { default: 0 })
  attempts!: number;

  /** When a pending delivery is due, or when the lease of a `sending` one runs out. */
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('text', { name: 'graph_message_id', nullable: true })
  graphMessageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
