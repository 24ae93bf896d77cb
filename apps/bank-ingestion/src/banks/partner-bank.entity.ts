import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CsvProfile } from '@kontor/feed-parsers';

export type PartnerBankStatus = 'active' | 'suspended';

@Entity({ name: 'partner_bank' })
export class PartnerBankEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  /** A suspended bank's keys stop working at once; nothing else about it changes. */
  @Column('text', { default: 'active' })
  status!: PartnerBankStatus;

  /** How the bank's CSV exports map onto entries (validated by `validateCsvProfile` before it is stored). */
  @Column('jsonb', { name: 'csv_profile', nullable: true })
  csvProfile!: CsvProfile | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
