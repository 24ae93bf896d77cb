import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerLocale } from '../consent/customer-consent.entity';

/**
 * pending → sending (leased to one sender) → sent | failed; a transient failure goes back to pending.
 * A lease that runs out becomes `unconfirmed`: the message may have left, so the gateway waits for
 * Messenger's echo of it (sent) before it sends again.
 */
export type AlertDeliveryStatus = 'pending' | 'sending' | 'unconfirmed' | 'sent' | 'failed';
export type PushKind = 'fraud_alert' | 'shipment_update';

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

  /** `fraud_alert` (ACCOUNT_UPDATE tag) or `shipment_update` (POST_PURCHASE_UPDATE tag, receipts scope). */
  @Column('text', { default: 'fraud_alert' })
  kind!: PushKind;

  /** What a fraud-feedback answer refers to (fraud alerts only). */
  @Column('uuid', { name: 'transaction_id', nullable: true })
  transactionId!: string | null;

  @Column('text', { name: 'bank_id', nullable: true })
  bankId!: string | null;

  @Column('text', { name: 'account_ref', nullable: true })
  accountRef!: string | null;

  @Column('text', { name: 'feedback_verdict', nullable: true })
  feedbackVerdict!: string | null;

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
