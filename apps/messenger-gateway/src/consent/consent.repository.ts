import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { ConsentChangedV1, ConsentRevoker, Topics } from '@kontor/contracts';
import { enqueueEvents } from '@kontor/platform-outbox';
import { maskAccountId, tokenizeAccount } from '@kontor/privacy';
import { uuidV5 } from '@kontor/util';
import { ConsentScope, CustomerConsentEntity, CustomerLocale } from './customer-consent.entity';

export interface ConsentGrant {
  psid: string;
  bankId: string;
  accountId: string;
  scopes: ConsentScope[];
  locale: CustomerLocale;
  validForDays: number;
}

export interface TokenizedConsentGrant extends Omit<ConsentGrant, 'accountId'> {
  accountRef: string;
  accountMasked: string;
}

const SOURCE = 'messenger-gateway';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The consent as the compacted topic carries it (no PSID: nobody but the gateway needs it). */
export function consentChangedEvent(consent: CustomerConsentEntity, now = new Date()): ConsentChangedV1 {
  const status = consent.revokedAt ? 'revoked' : consent.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
  return {
    consentId: consent.id,
    bankId: consent.bankId,
    accountRef: consent.accountRef,
    scopes: [...consent.scopes],
    status,
    channel: 'messenger',
    grantedAt: consent.grantedAt.toISOString(),
    expiresAt: consent.expiresAt.toISOString(),
    ...(consent.revokedAt ? { revokedAt: consent.revokedAt.toISOString(), revokedBy: consent.revokedBy ?? 'customer' } : {}),
    revision: consent.revision,
  };
}

/**
 * Consents are the only way customer data reaches the messenger. Every change is written with its
 * kontor.consent.changed.v1 event in one transaction (outbox), so the topic never disagrees with the table.
 */
@Injectable()
export class ConsentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a consent from a raw account number (the CLI); it is tokenized and masked here and never stored. */
  async grant(grant: ConsentGrant, tokenizationKey: string, now = new Date()): Promise<CustomerConsentEntity> {
    const { accountId, ...rest } = grant;
    const tokenized = { ...rest, accountRef: tokenizeAccount(tokenizationKey, grant.bankId, accountId), accountMasked: maskAccountId(accountId) };
    return this.dataSource.transaction((manager) => this.grantTokenized(manager, tokenized, now));
  }

  /**
   * Records a consent inside the caller's transaction. A customer who consents again for the same account
   * replaces the earlier consent (new scopes and expiry) instead of holding two.
   */
  async grantTokenized(manager: EntityManager, grant: TokenizedConsentGrant, now = new Date()): Promise<CustomerConsentEntity> {
    const repository = manager.getRepository(CustomerConsentEntity);
    const superseded = await repository.findBy({ psid: grant.psid, bankId: grant.bankId, accountRef: grant.accountRef, revokedAt: IsNull() });
    await this.markRevoked(manager, superseded, 'superseded', now);
    const consent = await repository.save(
      Object.assign(new CustomerConsentEntity(), {
        id: randomUUID(),
        psid: grant.psid,
        bankId: grant.bankId,
        accountRef: grant.accountRef,
        accountMasked: grant.accountMasked,
        scopes: [...new Set(grant.scopes)],
        locale: grant.locale,
        grantedAt: now,
        expiresAt: new Date(now.getTime() + grant.validForDays * DAY_MS),
        revokedAt: null,
        revokedBy: null,
        revision: 1,
      }),
    );
    await this.publish(manager, [consent], now);
    return consent;
  }

  /** Consents valid now that cover `scope` for the account. */
  async activeFor(manager: EntityManager, bankId: string, accountRef: string, scope: ConsentScope, now = new Date()): Promise<CustomerConsentEntity[]> {
    const candidates = await manager.getRepository(CustomerConsentEntity).find({
      where: { bankId, accountRef, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { grantedAt: 'ASC' },
    });
    return candidates.filter((c) => c.scopes.includes(scope));
  }

  /** The customer's consents valid now (optionally only those covering `scope`). */
  async activeForCustomer(manager: EntityManager, psid: string, scope?: ConsentScope, now = new Date()): Promise<CustomerConsentEntity[]> {
    const consents = await manager.getRepository(CustomerConsentEntity).find({ where: { psid, revokedAt: IsNull(), expiresAt: MoreThan(now) }, order: { grantedAt: 'ASC' } });
    return scope ? consents.filter((c) => c.scopes.includes(scope)) : consents;
  }

  /** Revokes the customer's own consents (all, or the one named); someone else's consent id matches nothing. */
  async revokeByCustomer(psid: string, consentId: string | 'ALL', now = new Date()): Promise<CustomerConsentEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      const where = { psid, revokedAt: IsNull(), ...(consentId === 'ALL' ? {} : { id: consentId }) };
      const consents = await manager.getRepository(CustomerConsentEntity).find({ where, lock: { mode: 'pessimistic_write' } });
      await this.markRevoked(manager, consents, 'customer', now);
      return consents;
    });
  }

  /** A bank revokes consents for one of its accounts (all of them, or the one named); other banks' consents match nothing. */
  async revokeByBank(bankId: string, selector: { accountRef?: string; consentId?: string }, now = new Date()): Promise<CustomerConsentEntity[]> {
    if (!selector.accountRef && !selector.consentId) return [];
    return this.dataSource.transaction(async (manager) => {
      const where = { bankId, revokedAt: IsNull(), ...(selector.accountRef ? { accountRef: selector.accountRef } : {}), ...(selector.consentId ? { id: selector.consentId } : {}) };
      const consents = await manager.getRepository(CustomerConsentEntity).find({ where, lock: { mode: 'pessimistic_write' } });
      await this.markRevoked(manager, consents, 'bank', now);
      return consents;
    });
  }

  /** Publishes the `expired` state of consents that ran out; returns how many. */
  async publishExpired(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CustomerConsentEntity);
      const expired = await repository.find({ where: { revokedAt: IsNull(), expiresAt: LessThanOrEqual(now), expiryPublishedAt: IsNull() }, take: 500, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
      for (const consent of expired) Object.assign(consent, { expiryPublishedAt: now, revision: consent.revision + 1 });
      await repository.save(expired);
      await this.publish(manager, expired, now);
      return expired.length;
    });
  }

  /** Linking runs that were never finished or were redeemed a day ago are of no more use. */
  async pruneLinkRequests(now = new Date()): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.account_link_request WHERE expires_at < $1`, [new Date(now.getTime() - DAY_MS)]);
  }

  async findByIds(manager: EntityManager, ids: string[]): Promise<CustomerConsentEntity[]> {
    return ids.length === 0 ? [] : manager.getRepository(CustomerConsentEntity).findBy({ id: In(ids) });
  }

  private async markRevoked(manager: EntityManager, consents: CustomerConsentEntity[], by: ConsentRevoker, now: Date): Promise<void> {
    if (consents.length === 0) return;
    for (const consent of consents) Object.assign(consent, { revokedAt: now, revokedBy: by, revision: consent.revision + 1 });
    await manager.getRepository(CustomerConsentEntity).save(consents);
    await this.publish(manager, consents, now);
  }

  private publish(manager: EntityManager, consents: CustomerConsentEntity[], now: Date): Promise<void> {
    return enqueueEvents(
      manager,
      SOURCE,
      consents.map((consent) => ({ topic: Topics.consentChanged, key: consent.id, payload: consentChangedEvent(consent, now), eventId: uuidV5(`consent-changed:${consent.id}:${consent.revision}`) })),
    );
  }
}
