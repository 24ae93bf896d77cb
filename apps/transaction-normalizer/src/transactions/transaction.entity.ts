import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MerchantDetails, NormalizedTransactionV1, TransactionLink, TransactionStatus } from '@kontor/contracts';

/** The canonical transaction, one row per real-world event (id = deterministic canonical id). */
@Entity({ name: 'transaction' })
@Index('transaction_account_booking_date', ['accountRef', 'bookingDate'])
@Index('transaction_open_pending', ['accountRef', 'bookingDate'], { where: "status = 'pending'" })
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

  /** Grows with every published change (posted, expired, reversed); the latest revision is in `payload`. */
  @Column('integer', { default: 1 })
  revision!: number;

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('text', { name: 'category_detailed', nullable: true })
  categoryDetailed!: string | null;

  /** `bank-id` or `fingerprint`: how the id was derived. */
  @Column('text', { name: 'identity', nullable: true })
  identity!: string | null;

  @Column('uuid', { nullable: true })
  fingerprint!: string | null;

  @Column('jsonb', { nullable: true })
  supersedes!: TransactionLink | null;

  @Column('jsonb', { name: 'superseded_by', nullable: true })
  supersededBy!: TransactionLink | null;

  /** The latest published revision, exactly as announced; the next revision is derived from it. */
  @Column('jsonb', { nullable: true })
  payload!: NormalizedTransactionV1 | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
