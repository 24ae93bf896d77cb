import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ConsentScope } from './customer-consent.entity';

/** One read of customer data: who, under which consent and scope, what for, when. Written in the read's transaction. */
@Entity({ name: 'access_audit' })
@Index('access_audit_psid', ['psid', 'accessedAt'])
export class AccessAuditEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  /** Whose data (the customer the answer goes to). */
  @Column('text')
  psid!: string;

  @Column('uuid', { name: 'consent_id' })
  consentId!: string;

  @Column('text')
  scope!: ConsentScope;

  /** Which question or push needed it, e.g. `balance`, `fraud_alert`. */
  @Column('text')
  purpose!: string;

  /** Who read it: `messenger-gateway`, plus the feature. */
  @Column('text')
  accessor!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('integer', { name: 'record_count' })
  recordCount!: number;

  @Column('timestamptz', { name: 'accessed_at', default: () => 'now()' })
  accessedAt!: Date;
}
