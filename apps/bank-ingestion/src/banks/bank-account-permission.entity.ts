import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An account, or a range of accounts, a bank may report on: an exact IBAN / account number
 * (`DE89370400440532013000`) or a prefix ending in `*` (`DE8937040044*`; `*` alone allows every account).
 * Stored normalized: upper case, no spaces.
 */
@Entity({ name: 'bank_account_permission' })
export class BankAccountPermissionEntity {
  @PrimaryColumn('text', { name: 'bank_id' })
  bankId!: string;

  @PrimaryColumn('text')
  pattern!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
