import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The gateway's copy of canonical transactions (from kontor.transactions.normalized.v1), only the fields
 * answers need. Highest revision wins. Read only through a ConsentedReader.
 */
@Entity({ name: 'account_transaction' })
@Index('account_transaction_account_date', ['bankId', 'accountRef', 'bookingDate'])
@Index('account_transaction_card', ['cardToken', 'amountMinor'])
export class AccountTransactionEntity {
  @PrimaryColumn('uuid', { name: 'transaction_id' })
  transactionId!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('bigint', { name: 'amount_minor' })
  amountMinor!: string;

  @Column('text')
  currency!: string;

  @Column('text')
  direction!: 'debit' | 'credit';

  @Column('text')
  status!: string;

  @Column('integer')
  revision!: number;

  @Column('date', { name: 'booking_date' })
  bookingDate!: string;

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('text', { name: 'category_primary', nullable: true })
  categoryPrimary!: string | null;

  @Column('text', { name: 'card_token', nullable: true })
  cardToken!: string | null;

  @Column('text', { name: 'card_last4', nullable: true })
  cardLast4!: string | null;

  @Column('text', { name: 'bank_entry_id', nullable: true })
  bankEntryId!: string | null;
}
