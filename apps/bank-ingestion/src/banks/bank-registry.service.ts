import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import type { CsvProfile } from '@kontor/feed-parsers';
import { SecretBox } from '@kontor/privacy';
import { ACCOUNT_PATTERN, AccountPermissions, normalizeAccountPattern } from './account-permissions';
import { BankAccountPermissionEntity } from './bank-account-permission.entity';
import { BankSigningKeyEntity } from './bank-signing-key.entity';
import { validateCsvProfile } from './csv-profile.validation';
import { PartnerBankEntity, PartnerBankStatus } from './partner-bank.entity';

export interface ActiveSigningKey {
  bankId: string;
  keyId: string;
  secret: string;
}

/** What an operator may see of a bank: never a secret. */
export interface BankDescription {
  bankId: string;
  name: string;
  status: PartnerBankStatus;
  createdAt: string;
  keys: { keyId: string; status: string; createdAt: string; revokedAt: string | null }[];
  accounts: string[];
  csvProfile: CsvProfile | null;
}

/** A registry rule was broken; `message` says what to do. The admin CLI prints it and exits 1. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export const BANK_ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const MIN_SECRET_LENGTH = 16;
/** Enough for rotation with overlap (old, new, and one spare), few enough that stale keys get revoked. */
export const MAX_ACTIVE_KEYS = 4;

/** A fresh signing secret: 32 random bytes, base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Partner banks as tenants: status, signing keys (secrets sealed with AES-256-GCM at rest), the accounts
 * each may report on, and its CSV profile. Used by the HTTP edge and the admin CLI alike.
 */
@Injectable()
export class BankRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
  ) {}

  async registerBank(id: string, name: string): Promise<void> {
    if (!BANK_ID.test(id)) throw new RegistryError(`bank id ${JSON.stringify(id)}: 3–64 characters of a-z, 0-9 and "-"`);
    if (name.trim().length === 0 || name.length > 200) throw new RegistryError('name: 1–200 characters');
    await this.dataSource.getRepository(PartnerBankEntity).upsert({ id, name: name.trim() }, ['id']);
  }

  async setStatus(bankId: string, status: PartnerBankStatus): Promise<void> {
    const result = await this.dataSource.getRepository(PartnerBankEntity).update({ id: bankId }, { status });
    if (!result.affected) throw new RegistryError(`no bank ${bankId}`);
  }

  /** Adds (or re-activates, with a new secret) a key; the bank's other active keys stay valid. */
  async addSigningKey(bankId: string, keyId: string, secret: string): Promise<void> {
    if (!KEY_ID.test(keyId)) throw new RegistryError(`key id ${JSON.stringify(keyId)}: 1–63 characters of A-Z a-z 0-9 . _ -`);
    if (secret.length < MIN_SECRET_LENGTH) throw new RegistryError(`the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    await this.dataSource.transaction(async (manager) => {
      await this.lockBank(manager, bankId);
      const active = await manager.getRepository(BankSigningKeyEntity).countBy({ bankId, status: 'active', keyId: Not(keyId) });
      if (active >= MAX_ACTIVE_KEYS) throw new RegistryError(`${bankId} already has ${active} active keys; revoke one first`);
      await manager
        .getRepository(BankSigningKeyEntity)
        .upsert({ bankId, keyId, secretSealed: this.secretBox.seal(secret), status: 'active', revokedAt: null }, ['bankId', 'keyId']);
    });
  }

  /**
   * Rotation without downtime: adds `newKeyId` with a fresh secret and leaves the old keys active, so the
   * bank can switch over; revoke the old key once it signs with the new one. Returns the secret (shown once).
   */
  async rotateSigningKey(bankId: string, newKeyId: string): Promise<string> {
    const existing = await this.dataSource.getRepository(BankSigningKeyEntity).findOneBy({ bankId, keyId: newKeyId });
    if (existing) throw new RegistryError(`${bankId} already has a key ${newKeyId}; rotate to a new key id`);
    const secret = generateSecret();
    await this.addSigningKey(bankId, newKeyId, secret);
    return secret;
  }

  /** Revokes a key at once. The last active key is kept unless `allowLast`, so a bank is not locked out by mistake. */
  async revokeSigningKey(bankId: string, keyId: string, options: { allowLast?: boolean } = { allowLast: true }): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockBank(manager, bankId, false);
      const keys = manager.getRepository(BankSigningKeyEntity);
      if (!options.allowLast && (await keys.countBy({ bankId, status: 'active', keyId: Not(keyId) })) === 0) {
        throw new RegistryError(`${keyId} is the last active key of ${bankId}; add another first, or pass --allow-last`);
      }
      const result = await keys.update({ bankId, keyId, status: 'active' }, { status: 'revoked', revokedAt: new Date() });
      return (result.affected ?? 0) > 0;
    });
  }

  /** Replaces the accounts a bank may report on: exact IBANs/account numbers, or prefixes ending in `*`. */
  async setAccounts(bankId: string, patterns: readonly string[]): Promise<string[]> {
    const normalized = [...new Set(patterns.map(normalizeAccountPattern))];
    const invalid = normalized.filter((p) => !ACCOUNT_PATTERN.test(p));
    if (invalid.length > 0) throw new RegistryError(`not an account or prefix pattern: ${invalid.join(', ')} (letters and digits, optionally ending in *)`);
    await this.dataSource.transaction(async (manager) => {
      await this.lockBank(manager, bankId);
      await manager.getRepository(BankAccountPermissionEntity).delete({ bankId });
      if (normalized.length > 0) await manager.getRepository(BankAccountPermissionEntity).insert(normalized.map((pattern) => ({ bankId, pattern })));
    });
    return normalized;
  }

  async accountPermissions(bankId: string): Promise<AccountPermissions> {
    const rows = await this.dataSource.getRepository(BankAccountPermissionEntity).findBy({ bankId });
    return new AccountPermissions(rows.map((row) => row.pattern));
  }

  /** Stores a validated CSV profile (or removes it with `null`). */
  async setCsvProfile(bankId: string, plain: unknown): Promise<void> {
    let profile: CsvProfile | null = null;
    if (plain !== null) {
      const result = validateCsvProfile(plain);
      if (!result.ok) throw new RegistryError(`invalid CSV profile:\n  ${result.errors.join('\n  ')}`);
      profile = result.profile;
    }
    const update = await this.dataSource.getRepository(PartnerBankEntity).update({ id: bankId }, { csvProfile: profile as never });
    if (!update.affected) throw new RegistryError(`no bank ${bankId}`);
  }

  async csvProfile(bankId: string): Promise<CsvProfile | undefined> {
    const bank = await this.dataSource.getRepository(PartnerBankEntity).findOneBy({ id: bankId, csvProfile: Not(IsNull()) });
    return bank?.csvProfile ?? undefined;
  }

  async describe(bankId: string): Promise<BankDescription | undefined> {
    const bank = await this.dataSource.getRepository(PartnerBankEntity).findOneBy({ id: bankId });
    if (!bank) return undefined;
    const keys = await this.dataSource.getRepository(BankSigningKeyEntity).find({ where: { bankId }, order: { createdAt: 'ASC' } });
    const accounts = await this.dataSource.getRepository(BankAccountPermissionEntity).find({ where: { bankId }, order: { pattern: 'ASC' } });
    return {
      bankId: bank.id,
      name: bank.name,
      status: bank.status,
      createdAt: bank.createdAt.toISOString(),
      keys: keys.map((k) => ({ keyId: k.keyId, status: k.status, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null })),
      accounts: accounts.map((a) => a.pattern),
      csvProfile: bank.csvProfile,
    };
  }

  /** The key a request names, only if it and its bank are active. */
  async findActiveKey(bankId: string, keyId: string): Promise<ActiveSigningKey | undefined> {
    const row = await this.dataSource
      .getRepository(BankSigningKeyEntity)
      .createQueryBuilder('k')
      .innerJoin(PartnerBankEntity, 'b', 'b.id = k.bank_id')
      .where('k.bank_id = :bankId AND k.key_id = :keyId AND k.status = :active AND b.status = :active', { bankId, keyId, active: 'active' })
      .getOne();
    return row ? { bankId, keyId, secret: this.secretBox.open(row.secretSealed) } : undefined;
  }

  /** Serializes key and account changes per bank (so two rotations cannot both pass the active-key limit). */
  private async lockBank(manager: EntityManager, bankId: string, mustExist = true): Promise<void> {
    const bank = await manager.getRepository(PartnerBankEntity).createQueryBuilder('b').setLock('pessimistic_write').where('b.id = :bankId', { bankId }).getOne();
    if (!bank && mustExist) throw new RegistryError(`no bank ${bankId}; register it first`);
  }
}
