import { Topics } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { tokenizeAccount } from '@kontor/privacy';
import { bankRequestHeaders } from '@kontor/request-signing';
import { collectAllMessages, collectMessages, eventually, uniqueSuffix } from '@kontor/testing';
import { GatewayHarness } from '../gateway.test-harness';
import { upsertBalances, upsertTransactions } from '../read-model/read-model.consumers';
import { AccessAuditEntity } from './access-audit.entity';
import { ConsentExpiryService } from './consent-expiry.service';
import { CustomerConsentEntity } from './customer-consent.entity';

const BANK = { bankId: 'demo-bank', keyId: 'key-1', secret: 'bank-secret-0123456789abcdef' };
const IBAN = 'DE89370400440532013000';

/**
 * A customer's consent from start to end, through Messenger as a customer would use it: "link my bank",
 * the bank-side consent page, Messenger's account_linking event, answers that use the consent, "what did
 * you access?", "unlink" — and a bank revoking through its signed API. Real PostgreSQL and Kafka.
 */
describe('account linking and the consent lifecycle', () => {
  let gateway: GatewayHarness;
  const consentTopic = () => `${gateway.config.KAFKA_TOPIC_PREFIX}${Topics.consentChanged.name}`;
  const accountRef = () => tokenizeAccount(gateway.config.KONTOR_TOKENIZATION_KEY, BANK.bankId, IBAN);

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_consent', { GATEWAY_BANK_KEYS: `${BANK.bankId}:${BANK.keyId}:${BANK.secret}` });
    await gateway.dataSource.transaction(async (manager) => {
      await upsertBalances(manager, [
        { bankId: BANK.bankId, accountRef: accountRef(), accountMasked: 'DE89 •••• 3000', currency: 'EUR', currencyExponent: 2, bookedMinor: '123456', availableMinor: '120000', asOf: '2026-11-30T23:59:59Z', basis: 'statement', check: { status: 'consistent' }, updatedAt: '2026-12-01T00:00:00Z' },
      ]);
      await upsertTransactions(manager, [aNormalizedTransaction({ transactionId: crypto.randomUUID(), bankId: BANK.bankId, accountRef: accountRef(), bookingDate: new Date().toISOString().slice(0, 10), displayName: 'Blue Bottle Coffee' })]);
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  /** Drives the link flow as the customer's browser would; returns the consent page's form response. */
  async function linkThroughConsentPage(psid: string, form: Record<string, string | string[]>) {
    await gateway.userSays(psid, 'Link my bank');
    const [buttonMessage] = await gateway.waitForMessages(psid, 1);
    const button = JSON.parse(buttonMessage) as { attachment: { payload: { buttons: { type: string; url: string }[] } } };
    expect(button.attachment.payload.buttons[0].type).toBe('account_link');
    const pageUrl = gateway.graph.accountLinkingUrl(button.attachment.payload.buttons[0].url, psid);
    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="scopes" value="receipts"');
    expect(html).not.toMatch(/checked/);
    const redirectUri = /name="redirect_uri" value="([^"]+)"/.exec(html)![1].replace(/&#38;/g, '&');
    const body = new URLSearchParams({ redirect_uri: redirectUri, bank_id: BANK.bankId });
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    return fetch(new URL(pageUrl).pathname.replace(/^/, gateway.baseUrl), { method: 'POST', body, redirect: 'manual' });
  }

  it('links through the consent page and Messenger, then answers from the consent, audits it, and revokes on "unlink"', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const submitted = await linkThroughConsentPage(psid, { accounts: IBAN, scopes: ['balances', 'transactions'], days: '30', action: 'allow' });
    expect(submitted.status).toBe(303);
    const location = new URL(submitted.headers.get('location')!);
    expect(location.origin).toBe(gateway.graph.baseUrl);
    expect(location.searchParams.get('authorization_code')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The browser follows the redirect to Messenger, which sends the account_linking event.
    expect((await fetch(location)).status).toBe(200);
    const linked = await gateway.waitForMessages(psid, 2);
    expect(linked[1]).toContain('Linked: DE89 •••• 3000');
    expect(linked[1]).toContain('balances, transactions');

    const [consent] = await gateway.dataSource.getRepository(CustomerConsentEntity).findBy({ psid });
    expect(consent).toMatchObject({ bankId: BANK.bankId, accountRef: accountRef(), accountMasked: 'DE89 •••• 3000', scopes: ['balances', 'transactions'], revokedAt: null });
    expect(Math.round((consent.expiresAt.getTime() - consent.grantedAt.getTime()) / 86_400_000)).toBe(30);
    const stored = JSON.stringify([await gateway.dataSource.query('SELECT * FROM gateway.customer_consent'), await gateway.dataSource.query('SELECT * FROM gateway.account_link_request')]);
    expect(stored).not.toContain(IBAN);

    const [published] = await collectMessages(consentTopic(), 1);
    expect(published.key!.toString()).toBe(consent.id);
    expect(JSON.parse(published.value!.toString())).toMatchObject({ consentId: consent.id, status: 'active', scopes: ['balances', 'transactions'], accountRef: accountRef(), revision: 1 });
    expect(published.value!.toString()).not.toContain(psid);

    await gateway.userSays(psid, "What's my balance?");
    const balance = (await gateway.waitForMessages(psid, 3))[2];
    expect(balance).toContain('DE89 •••• 3000');
    expect(balance).toContain('€1,234.56');
    expect(balance).not.toContain(IBAN);

    await gateway.userSays(psid, 'What did you access?');
    const access = (await gateway.waitForMessages(psid, 4))[3];
    expect(access).toContain('balances of DE89 •••• 3000 for “balance”');
    const audit = await gateway.dataSource.getRepository(AccessAuditEntity).findBy({ psid });
    expect(audit).toEqual([expect.objectContaining({ consentId: consent.id, scope: 'balances', purpose: 'balance', recordCount: 1 })]);

    await gateway.userSays(psid, 'unlink');
    expect((await gateway.waitForMessages(psid, 5))[4]).toContain('Kontor no longer uses your data from DE89 •••• 3000');
    const events = await eventually(async () => {
      const all = await collectAllMessages(consentTopic(), 1000);
      const mine = all.map((m) => JSON.parse(m.value!.toString())).filter((e) => e.consentId === consent.id);
      return mine.length >= 2 ? mine : undefined;
    });
    expect(events[events.length - 1]).toMatchObject({ status: 'revoked', revokedBy: 'customer', revision: 2 });

    await gateway.userSays(psid, 'balance');
    const after = (await gateway.waitForMessages(psid, 6))[5];
    expect(after).toContain('To show you balances, Kontor needs your consent');
    expect(after).not.toContain('1,234.56');
  });

  it('sends no code when the customer cancels, and refuses a form without scopes or accounts', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const cancelled = await linkThroughConsentPage(psid, { accounts: IBAN, action: 'cancel' });
    expect(cancelled.status).toBe(303);
    expect(new URL(cancelled.headers.get('location')!).searchParams.has('authorization_code')).toBe(false);
    const other = `psid-${uniqueSuffix()}`;
    expect((await linkThroughConsentPage(other, { accounts: IBAN, action: 'allow' })).status).toBe(400);
    const third = `psid-${uniqueSuffix()}`;
    expect((await linkThroughConsentPage(third, { accounts: '', scopes: 'balances', action: 'allow' })).status).toBe(400);
    const fourth = `psid-${uniqueSuffix()}`;
    expect((await linkThroughConsentPage(fourth, { accounts: IBAN, scopes: ['balances', 'superuser'], action: 'allow' })).status).toBe(400);
  });

  it('refuses to send the code anywhere but Messenger (redirect_uri outside the allowed origins)', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    await gateway.userSays(psid, 'Link my bank');
    const button = JSON.parse((await gateway.waitForMessages(psid, 1))[0]) as { attachment: { payload: { buttons: { url: string }[] } } };
    const path = new URL(button.attachment.payload.buttons[0].url).pathname;
    const evil = 'https://evil.example/steal';
    expect((await fetch(`${gateway.baseUrl}${path}?redirect_uri=${encodeURIComponent(evil)}`)).status).toBe(400);
    const posted = await fetch(`${gateway.baseUrl}${path}`, { method: 'POST', body: new URLSearchParams({ redirect_uri: evil, bank_id: BANK.bankId, accounts: IBAN, scopes: 'balances', action: 'allow' }), redirect: 'manual' });
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
  });

  describe('bank revocation API (KONTOR-HMAC-SHA256-V1)', () => {
    const path = '/v1/bank/consents/revoke';
    const revoke = (body: object, secret = BANK.secret, bankId = BANK.bankId) => {
      const raw = JSON.stringify(body);
      const headers = bankRequestHeaders({ bankId, keyId: BANK.keyId, secret }, { method: 'POST', path, timestamp: Math.floor(Date.now() / 1000), idempotencyKey: `revoke-${uniqueSuffix()}`, body: raw });
      return fetch(`${gateway.baseUrl}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: raw });
    };

    it('revokes every consent for the account, publishes it, and the customer sees no more data', async () => {
      const psid = `psid-${uniqueSuffix()}`;
      const consent = await gateway.grant(psid, BANK.bankId, IBAN, ['balances']);
      const response = await revoke({ accountId: IBAN });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { revoked: unknown[] }).revoked).toEqual(expect.arrayContaining([{ consentId: consent.id, account: 'DE89 •••• 3000' }]));
      expect(await gateway.dataSource.getRepository(CustomerConsentEntity).findOneBy({ id: consent.id })).toMatchObject({ revokedBy: 'bank' });
      const event = await eventually(async () => {
        const all = (await collectAllMessages(consentTopic(), 1000)).map((m) => JSON.parse(m.value!.toString()));
        return all.find((e) => e.consentId === consent.id && e.status === 'revoked');
      });
      expect(event).toMatchObject({ revokedBy: 'bank' });
      await gateway.userSays(psid, 'balance');
      expect((await gateway.waitForMessages(psid, 1))[0]).toContain('Kontor needs your consent');
    });

    it('refuses a wrong signature, an unknown bank, and never reaches another bank\'s consents', async () => {
      const psid = `psid-${uniqueSuffix()}`;
      const otherBanks = await gateway.grant(psid, 'other-bank', IBAN, ['balances']);
      expect((await revoke({ accountId: IBAN }, 'wrong-secret-0123456789')).status).toBe(401);
      expect((await revoke({ accountId: IBAN }, BANK.secret, 'other-bank')).status).toBe(401);
      expect((await revoke({ consentId: otherBanks.id })).status).toBe(200);
      expect(await gateway.dataSource.getRepository(CustomerConsentEntity).findOneBy({ id: otherBanks.id })).toMatchObject({ revokedAt: null });
    });
  });

  it('publishes the expired state once a consent runs out', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const consent = await gateway.grant(psid, BANK.bankId, 'DE02120300000000202051', ['transactions'], { validForDays: 1, grantedAt: new Date(Date.now() - 2 * 86_400_000) });
    expect(await gateway.app.get(ConsentExpiryService).sweep()).toBeGreaterThanOrEqual(1);
    const event = await eventually(async () => (await collectAllMessages(consentTopic(), 1000)).map((m) => JSON.parse(m.value!.toString())).find((e) => e.consentId === consent.id && e.status === 'expired'));
    expect(event).toMatchObject({ revision: 2 });
  });

  it('reminds of a consent about to expire once, inside the window the customer just opened', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    await gateway.grant(psid, BANK.bankId, IBAN, ['balances'], { validForDays: 3 });
    await gateway.userSays(psid, 'help');
    const [help, reminder] = await gateway.waitForMessages(psid, 2);
    expect(help).toContain('I can tell you about your linked accounts');
    expect(reminder).toContain('Your consent for DE89 •••• 3000 ends on');
    expect(gateway.sentTo(psid)[1].body).toMatchObject({ messaging_type: 'RESPONSE' });
    await gateway.userSays(psid, 'help');
    await gateway.waitForMessages(psid, 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(gateway.sentTo(psid)).toHaveLength(3);
  });
});
