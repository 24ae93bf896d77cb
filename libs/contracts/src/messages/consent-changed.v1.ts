import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { ACCOUNT_REF } from './common';

/** What a customer may let Kontor show in the messenger for one account. */
export type ConsentScopeName = 'balances' | 'transactions' | 'receipts' | 'fraud_alerts';
export const CONSENT_SCOPE_NAMES: readonly ConsentScopeName[] = ['balances', 'transactions', 'receipts', 'fraud_alerts'];

/** `active` until it expires or is revoked; `revoked` by the customer (in chat) or the bank (through its API). */
export type ConsentStatus = 'active' | 'revoked' | 'expired';
export const CONSENT_STATUSES: readonly ConsentStatus[] = ['active', 'revoked', 'expired'];

export type ConsentRevoker = 'customer' | 'bank' | 'superseded';
export const CONSENT_REVOKERS: readonly ConsentRevoker[] = ['customer', 'bank', 'superseded'];

/**
 * The current state of one consent. The topic is compacted by consentId, so its last message per consent
 * is the consent's state; services that hold customer data honour it. The messenger user id is left out:
 * nobody but the gateway needs it.
 */
export class ConsentChangedV1 {
  @IsUUID()
  consentId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @Matches(ACCOUNT_REF)
  accountRef!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(CONSENT_SCOPE_NAMES, { each: true })
  scopes!: ConsentScopeName[];

  @IsIn(CONSENT_STATUSES)
  status!: ConsentStatus;

  @IsIn(['messenger'])
  channel!: 'messenger';

  @IsISO8601({ strict: true })
  grantedAt!: string;

  @IsISO8601({ strict: true })
  expiresAt!: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  revokedAt?: string;

  @IsOptional()
  @IsIn(CONSENT_REVOKERS)
  revokedBy?: ConsentRevoker;

  /** Grows with every change of the consent; consumers keep the highest. */
  @IsInt()
  @Min(1)
  revision!: number;
}
