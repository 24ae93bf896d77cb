import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentScope, CustomerLocale } from './customer-consent.entity';

export interface LinkedAccount {
  accountRef: string;
  accountMasked: string;
}

/**
 * One run of the account-linking flow: created when the gateway sends the "Link my bank" button to a
 * PSID, filled in when the customer confirms on the consent page (which issues the authorization code),
 * redeemed once when Messenger's account_linking event for the same PSID brings the code back.
 * Only account tokens and masked numbers are kept, and only the code's hash.
 */
@Entity({ name: 'account_link_request' })
@Index('account_link_request_code', ['codeHash'], { unique: true })
export class AccountLinkRequestEntity {
  /** Random, in the consent page's URL. */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  psid!: string;

  @Column('text', { default: 'en' })
  locale!: CustomerLocale;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('text', { name: 'code_hash', nullable: true })
  codeHash!: string | null;

  @Column('text', { name: 'bank_id', nullable: true })
  bankId!: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  accounts!: LinkedAccount[];

  @Column('text', { array: true, default: () => "'{}'" })
  scopes!: ConsentScope[];

  @Column('integer', { name: 'valid_for_days', default: 90 })
  validForDays!: number;

  @Column('timestamptz', { name: 'redeemed_at', nullable: true })
  redeemedAt!: Date | null;
}
