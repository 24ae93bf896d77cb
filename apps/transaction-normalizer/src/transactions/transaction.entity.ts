import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MerchantDetails, TransactionStatus } from '@kontor/contracts';

/** The canonical transaction, one row per real-world event (id = deterministic canonical id). */
@Entity({ name: 'transaction' })
@Index('transaction_account_booking_date', ['accountRef', 'bookingDate'])
export class TransactionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  /** Minor units; bigint comes back from pg as a string, never a float. */
  @Column('bigint', { name: 'amount_minor' })
  amountMinor!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('smallint', { name: 'currency_exponent' })
  currencyExponent!: number;

  @Column('text')
  direction!: 'debit' | 'credit';

  @Column('text')
  status!: TransactionStatus;

  @Column('date', { name: 'booking_date' })
  bookingDate!: string;

  @Column('date', { name: 'value_date', nullable: true })
  valueDate!: string | null;

  @Column('timestamptz', { name: 'occurred_at', nullable: true })
  occurredAt!: Date | null;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('jsonb', { nullable: true })
  merchant!: MerchantDetails | null;

  @Column('text', { name: 'card_token', nullable: true })
  cardToken!: string | null;

  @Column('char', { name: 'card_last4', length: 4, nullable: true })
  cardLast4!: string | null;

  @Column('boolean', { name: 'card_present', nullable: true })
  cardPresent!: boolean | null;

  @Column('uuid', { name: 'source_feed_id' })
  sourceFeedId!: string;

  @Column('integer', { name: 'source_entry_index' })
  sourceEntryIndex!: number;

  @Column('text', { name: 'source_format' })
  sourceFormat!: string;

  @Column('text', { name: 'bank_entry_id', nullable: true })
  bankEntryId!: string | null;

  @Column('timestamptz', { name: 'normalized_at' })
  normalizedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
