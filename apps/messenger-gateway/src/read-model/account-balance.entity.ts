import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest balance per account (from kontor.balances.account-balance.v1). Read only through a ConsentedReader. */
@Entity({ name: 'account_balance' })
export class AccountBalanceEntity {
  @PrimaryColumn('text', { name: 'bank_id' })
  bankId!: string;

  @PrimaryColumn('text', { name: 'account_ref' })
  accountRef!: string;

  @Column('text', { name: 'account_masked' })
  accountMasked!: string;

  @Column('text')
  currency!: string;

  @Column('bigint', { name: 'booked_minor' })
  bookedMinor!: string;

  @Column('bigint', { name: 'available_minor', nullable: true })
  availableMinor!: string | null;

  @Column('timestamptz', { name: 'as_of' })
  asOf!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
