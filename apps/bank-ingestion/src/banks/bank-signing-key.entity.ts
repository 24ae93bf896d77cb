import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'active' | 'revoked';

/** A bank may hold several active keys at once, so keys rotate without downtime. */
@Entity({ name: 'bank_signing_key' })
export class BankSigningKeyEntity {
  @PrimaryColumn('text', { name: 'bank_id' })
  bankId!: string;

  @PrimaryColumn('text', { name: 'key_id' })
  keyId!: string;

  /** AES-256-GCM sealed secret (SecretBox); the plaintext is never stored. */
  @Column('text', { name: 'secret_sealed' })
  secretSealed!: string;

  @Column('text', { default: 'active' })
  status!: SigningKeyStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
