import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Signatures already presented, kept for as long as their timestamp is inside the skew window: replay protection. */
@Entity({ name: 'seen_signature' })
export class SeenSignatureEntity {
  /** SHA-256 of the presented signature header (the signature itself is a secret-derived value; no need to keep it). */
  @PrimaryColumn('char', { name: 'signature_sha256', length: 64 })
  signatureSha256!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Index('seen_signature_expires_at')
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
