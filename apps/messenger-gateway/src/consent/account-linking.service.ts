import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { maskAccountId, normalizeAccountId, tokenizeAccount } from '@kontor/privacy';
import { OutboxWriter } from '@kontor/platform-outbox';
import { GatewayConfig } from '../gateway.config';
import { AccountLinkRequestEntity } from './account-link-request.entity';
import { ConsentRepository } from './consent.repository';
import { CONSENT_SCOPES, ConsentScope, CustomerConsentEntity, CustomerLocale } from './customer-consent.entity';

const LINK_TTL_MS = 15 * 60 * 1000;
const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

export interface ConsentForm {
  bankId: string;
  accountIds: string[];
  scopes: string[];
  validForDays: number;
}

export type LinkPageProblem = 'unknown-or-expired' | 'invalid-redirect' | 'invalid-form';

/**
 * The account-linking flow (Messenger's account_link button): start → consent page → authorization code
 * → account_linking webhook. The code is bound to the PSID the button was sent to, single use, and valid
 * for 15 minutes, so a code that leaks cannot link someone else's accounts to another Messenger user.
 */
@Injectable()
export class AccountLinkingService {
  private readonly redirectOrigins: Set<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly config: GatewayConfig,
    private readonly outbox: OutboxWriter,
  ) {
    this.redirectOrigins = new Set(config.ACCOUNT_LINKING_REDIRECT_ORIGINS.split(',').map((o) => new URL(o).origin));
  }

  /** A new linking run for the user; the URL goes into the account_link button. */
  async start(psid: string, locale: CustomerLocale, now = new Date()): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    await this.dataSource.getRepository(AccountLinkRequestEntity).insert({ id, psid, locale, expiresAt: new Date(now.getTime() + LINK_TTL_MS) });
    return `${this.config.GATEWAY_PUBLIC_URL.replace(/\/$/, '')}/link/${id}`;
  }

  async pending(id: string, now = new Date()): Promise<AccountLinkRequestEntity | null> {
    return this.dataSource.getRepository(AccountLinkRequestEntity).findOneBy({ id, codeHash: IsNull(), redeemedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  get allowedRedirectOrigins(): string[] {
    return [...this.redirectOrigins];
  }

  redirectAllowed(redirectUri: string): boolean {
    try {
      const url = new URL(redirectUri);
      return this.redirectOrigins.has(url.origin);
    } catch {
      return false;
    }
  }

  /**
   * The customer confirmed on the consent page: the chosen accounts (tokenized here, never stored raw),
   * scopes and expiry are kept with a fresh authorization code; returns where to send the browser.
   * `undefined` form means the customer cancelled: Messenger gets no code and reports the link as failed.
   */
  async submit(id: string, redirectUri: string, form: ConsentForm | undefined, now = new Date()): Promise<{ redirect: string } | { problem: LinkPageProblem }> {
    if (!this.redirectAllowed(redirectUri)) return { problem: 'invalid-redirect' };
    const request = await this.pending(id, now);
    if (!request) return { problem: 'unknown-or-expired' };
    const redirect = new URL(redirectUri);
    if (!form) return { redirect: redirect.toString() };
    const scopes = [...new Set(form.scopes)].filter((s): s is ConsentScope => (CONSENT_SCOPES as readonly string[]).includes(s));
    const accountIds = [...new Set(form.accountIds.map(normalizeAccountId).filter((a) => /^[A-Z0-9]{6,34}$/.test(a)))];
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(form.bankId) || scopes.length === 0 || scopes.length !== new Set(form.scopes).size || accountIds.length === 0 || accountIds.length > 10) {
      return { problem: 'invalid-form' };
    }
    if (!Number.isInteger(form.validForDays) || form.validForDays < 1 || form.validForDays > 365) return { problem: 'invalid-form' };
    const code = randomBytes(32).toString('base64url');
    const accounts = accountIds.map((accountId) => ({ accountRef: tokenizeAccount(this.config.KONTOR_TOKENIZATION_KEY, form.bankId, accountId), accountMasked: maskAccountId(accountId) }));
    const updated = await this.dataSource
      .getRepository(AccountLinkRequestEntity)
      .update({ id, codeHash: IsNull() }, { codeHash: hashCode(code), bankId: form.bankId, accounts, scopes, validForDays: form.validForDays, expiresAt: new Date(now.getTime() + LINK_TTL_MS) });
    if ((updated.affected ?? 0) === 0) return { problem: 'unknown-or-expired' };
    redirect.searchParams.set('authorization_code', code);
    return { redirect: redirect.toString() };
  }

  /** Messenger's account_linking event `linked`: redeems the code for this PSID and records the consents. */
  async complete(psid: string, authorizationCode: string, now = new Date()): Promise<CustomerConsentEntity[] | undefined> {
    const consents = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(AccountLinkRequestEntity);
      const request = await repository.findOne({ where: { codeHash: hashCode(authorizationCode) }, lock: { mode: 'pessimistic_write' } });
      if (!request || request.psid !== psid || request.redeemedAt || request.expiresAt <= now || !request.bankId) return undefined;
      await repository.update({ id: request.id }, { redeemedAt: now });
      const granted: CustomerConsentEntity[] = [];
      for (const account of request.accounts) {
        granted.push(await this.consents.grantTokenized(manager, { psid, bankId: request.bankId, ...account, scopes: request.scopes, locale: request.locale, validForDays: request.validForDays }, now));
      }
      return granted;
    });
    if (consents) this.outbox.flush();
    return consents;
  }
}
