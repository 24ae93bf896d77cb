import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentRevoker } from '@kontor/contracts';

export const CONSENT_SCOPES = ['balances', 'transactions', 'receipts', 'fraud_alerts'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type CustomerLocale = 'en' | 'de';

/** A customer's consent: this Messenger user may see these scopes of this account until it expires. */
@Entity({ name: 'customer_consent' })
@Index('customer_consent_account', ['bankId', 'accountRef'])
@Index('customer_consent_psid', ['psid'])
export class CustomerConsentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Page-scoped user id. */
  @Column('text')
  psid!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('text', { array: true })
  scopes!: ConsentScope[];

  @Column('text', { default: 'en' })
  locale!: CustomerLocale;

  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('text', { name: 'revoked_by', nullable: true })
  revokedBy!: ConsentRevoker | null;

  /** Grows with every published change (kontor.consent.changed.v1). */
  @Column('integer', { default: 1 })
  revision!: number;

  /** When the `expired` state was published. */
  @Column('timestamptz', { name: 'expiry_published_at', nullable: true })
  expiryPublishedAt!: Date | null;

  /** When the customer was reminded that the consent runs out. */
  @Column('timestamptz', { name: 'reminded_at', nullable: true })
  remindedAt!: Date | null;
}
