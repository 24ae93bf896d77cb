import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PartnerBankStatus = 'active' | 'suspended';

@Entity({ name: 'partner_bank' })
export class PartnerBankEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { default: 'active' })
  status!: PartnerBankStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
