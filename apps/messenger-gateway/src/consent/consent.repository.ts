import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { maskAccountId, tokenizeAccount } from '@kontor/privacy';
import { ConsentScope, CustomerConsentEntity, CustomerLocale } from './customer-consent.entity';

export interface ConsentGrant {
  psid: string;
  bankId: string;
  accountId: string;
  scopes: ConsentScope[];
  locale: CustomerLocale;
  validForDays: number;
}

/** Consents are the only way customer data reaches the messenger: every read goes through here. */
@Injectable()
export class ConsentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a consent. A customer who consents again for the same account replaces the earlier consent
   * (new scopes and expiry) instead of holding two.
   */
  async grant(grant: ConsentGrant, tokenizationKey: string, now = new Date()): Promise<CustomerConsentEntity> {
    const accountRef = tokenizeAccount(tokenizationKey, grant.bankId, grant.accountId);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CustomerConsentEntity);
      await repository.update({ psid: grant.psid, bankId: grant.bankId, accountRef, revokedAt: IsNull() }, { revokedAt: now });
      return repository.save(
        Object.assign(new CustomerConsentEntity(), {
          id: randomUUID(),
          psid: grant.psid,
          bankId: grant.bankId,
          accountRef,
          accountMasked: maskAccountId(grant.accountId),
          scopes: grant.scopes,
          locale: grant.locale,
          expiresAt: new Date(now.getTime() + grant.validForDays * 24 * 60 * 60 * 1000),
          revokedAt: null,
        }),
      );
    });
  }

  /** Consents valid now that cover `scope` for the account. */
  async activeFor(manager: EntityManager, bankId: string, accountRef: string, scope: ConsentScope, now = new Date()): Promise<CustomerConsentEntity[]> {
    const candidates = await manager.getRepository(CustomerConsentEntity).find({
      where: { bankId, accountRef, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { grantedAt: 'ASC' },
    });
    return candidates.filter((c) => c.scopes.includes(scope));
  }
}
