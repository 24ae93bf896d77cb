import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { BehaviourProfile } from '@kontor/fraud-rules';

/**
 * One behaviour profile: the account's own (`subject` = `account`) or one of its cards' (`card:<token>`).
 * Keyed by account first, like the topic's partitions, so a partition's owner finds everything it needs
 * under the accounts it owns.
 */
@Entity({ name: 'behaviour_profile' })
export class BehaviourProfileEntity {
  @PrimaryColumn('text', { name: 'account_ref' })
  accountRef!: string;

  @PrimaryColumn('text')
  subject!: string;

  @Column('jsonb')
  profile!: BehaviourProfile;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
