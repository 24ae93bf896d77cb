import { DataSource } from 'typeorm';
import { Topics } from '@kontor/contracts';
import { aFraudAlertRaised, aNormalizedTransaction } from '@kontor/contracts/testing';
import { tokenizeAccount } from '@kontor/privacy';
import { collectAllMessages, eventually, uniqueSuffix } from '@kontor/testing';
import { FraudAlertConsumer } from '../alerts/fraud-alert.consumer';
import { GatewayHarness, PAGE_ID } from '../gateway.test-harness';
import { upsertBalances, upsertTransactions } from '../read-model/read-model.consumers';
import { AccessAuditEntity } from './access-audit.entity';
import { AccountLinkingService } from './account-linking.service';
import { BalancesReader, ConsentGate, TransactionsReader } from './consented-reader';
import { CustomerConsentEntity } from './customer-consent.entity';

const BANK = 'demo-bank';
const ALICE_IBAN = 'DE89370400440532013000';
const BOB_IBAN = 'DE02120300000000202051';

/**
 * Tries, as a hostile customer would, to get data out without a valid consent of the right scope: other
 * people's accounts, scopes never granted, revoked and expired consents, forged payloads, stolen linking
 * codes, pattern tricks in searches. Every path must answer without the data.
 */
describe('no data without a valid consent of the right scope (hostile customer)', () => {
  let gateway: GatewayHarness;
  let gate: ConsentGate;
  let dataSource: DataSource;
  const ref = (iban: string) => tokenizeAccount(gateway.config.KONTOR_TOKENIZATION_KEY, BANK, iban);
  const bobTransactionId = crypto.randomUUID();
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_hostile');
    gate = gateway.app.get(ConsentGate);
    dataSource = gateway.dataSource;
    await dataSource.transaction(async (manager) => {
      for (const [iban, booked, masked] of [[ALICE_IBAN, '100000', 'DE89 •••• 3000'], [BOB_IBAN, '999999', 'DE02 •••• 2051']]) {
        await upsertBalances(manager, [{ bankId: BANK, accountRef: ref(iban), accountMasked: masked, currency: 'EUR', currencyExponent: 2, bookedMinor: booked, asOf: '2026-11-30T23:59:59Z', basis: 'statement', check: { status: 'unchecked' }, updatedAt: '2026-12-01T00:00:00Z' }]);
      }
      await upsertTransactions(manager, [
        aNormalizedTransaction({ transactionId: crypto.randomUUID(), bankId: BANK, accountRef: ref(ALICE_IBAN), accountMasked: 'DE89 •••• 3000', bookingDate: today, displayName: 'Alice Bakery', amountMinor: '450' }),
        aNormalizedTransaction({ transactionId: bobTransactionId, bankId: BANK, accountRef: ref(BOB_IBAN), accountMasked: 'DE02 •••• 2051', bookingDate: today, displayName: 'Bob Secret Shop', amountMinor: '77700' }),
      ]);
    });
  });

  afterAll(async () => {
    await gateway.close();
  });

  const customer = () => `psid-${uniqueSuffix()}`;
  const audit = (psid: string) => dataSource.getRepository(AccessAuditEntity).findBy({ psid });
  async function ask(psid: string, text: string): Promise<string> {
    const before = gateway.sentTo(psid).length;
    await gateway.userSays(psid, text);
    return (await gateway.waitForMessages(psid, before + 1))[before];
  }
  async function tap(psid: string, payload: string): Promise<string> {
    const before = gateway.sentTo(psid).length;
    await gateway.userTaps(psid, payload);
    return (await gateway.waitForMessages(psid, before + 1))[before];
  }

  it('answers a customer without any consent with no data and reads nothing', async () => {
    const psid = customer();
    for (const text of ['balance', 'recent transactions', 'spending by category', 'how much at Bob Secret Shop?', 'receipt', 'where is my package?']) {
      const answer = await ask(psid, text);
      expect(answer).toContain('Kontor needs your consent');
      expect(answer).not.toMatch(/1,000\.00|9,999\.99|Bob Secret|Alice Bakery/);
    }
    expect(await audit(psid)).toEqual([]);
  });

  it('does not show balances to a customer who granted only transactions', async () => {
    const psid = customer();
    await gateway.grant(psid, BANK, ALICE_IBAN, ['transactions', 'fraud_alerts']);
    expect(await ask(psid, 'balance')).toContain('To show you balances, Kontor needs your consent');
    expect(await gate.open(psid, 'balances', 'test')).toBeUndefined();
    expect(await ask(psid, 'recent transactions')).toContain('Alice Bakery');
    expect((await audit(psid)).map((a) => a.scope)).toEqual(['transactions']);
  });

  it('shows only the consented account, never another customer\'s, whatever is asked', async () => {
    const psid = customer();
    await gateway.grant(psid, BANK, ALICE_IBAN, ['balances', 'transactions', 'receipts']);
    const balance = await ask(psid, 'balance');
    expect(balance).toContain('€1,000.00');
    expect(balance).not.toContain('9,999.99');
    const recent = await ask(psid, 'recent transactions');
    expect(recent).toContain('Alice Bakery');
    expect(recent).not.toContain('Bob Secret Shop');
    expect(await ask(psid, 'how much at Bob Secret Shop?')).not.toContain('777');
    // Pattern characters are literal: "A%B" would match "Alice Bakery" as a LIKE pattern, and matches nothing.
    expect(await ask(psid, 'how much at A%B?')).toContain('I found no spending at A%B');
    // The recognizer keeps only the merchant's words ("Bob"); it is a bound parameter either way, and Bob's shop is not Alice's.
    expect(await ask(psid, "how much at Bob' OR 1=1 --?")).toContain('I found no spending at Bob');
    // A forged receipt payload naming Bob's transaction.
    expect(await tap(psid, `RECEIPT|${bobTransactionId}`)).toContain('I have no receipt');
  });

  it('stops a reader the moment its consent is revoked, and gives none for an expired consent', async () => {
    const psid = customer();
    await gateway.grant(psid, BANK, ALICE_IBAN, ['balances', 'transactions']);
    const reader = (await gate.open(psid, 'transactions', 'test'))!;
    expect(await reader.recent()).toHaveLength(1);
    await dataSource.getRepository(CustomerConsentEntity).update({ psid }, { revokedAt: new Date() });
    expect(await reader.recent()).toEqual([]);

    const expired = customer();
    await gateway.grant(expired, BANK, ALICE_IBAN, ['balances'], { validForDays: 1, grantedAt: new Date(Date.now() - 2 * 86_400_000) });
    expect(await gate.open(expired, 'balances', 'test')).toBeUndefined();
    expect(await ask(expired, 'balance')).toContain('Kontor needs your consent');
  });

  it('cannot be built around: readers exist only through the gate, and extra ids in a reader change nothing', async () => {
    const psid = customer();
    const bobs = customer();
    await gateway.grant(psid, BANK, ALICE_IBAN, ['balances']);
    const bobConsent = await gateway.grant(bobs, BANK, BOB_IBAN, ['balances']);
    const context = { psid, scope: 'balances' as const, purpose: 'forged', consents: [{ consentId: bobConsent.id, bankId: BANK, accountMasked: 'x' }] };
    expect(() => new BalancesReader(Symbol('ConsentGate'), dataSource, context)).toThrow('readers are opened through ConsentGate only');
    expect(() => new TransactionsReader(Symbol('ConsentGate'), dataSource, { ...context, scope: 'transactions' })).toThrow();
    // Even a reader whose context were tampered with to hold Bob's consent id re-checks the PSID in SQL.
    const reader = (await gate.open(psid, 'balances', 'test'))!;
    (reader.context.consents as unknown as { consentId: string; bankId: string; accountMasked: string }[]).push({ consentId: bobConsent.id, bankId: BANK, accountMasked: 'forged' });
    const rows = await reader.balances();
    expect(rows.map((r) => r.account_masked)).toEqual(['DE89 •••• 3000']);
  });

  it('cannot revoke someone else\'s consent with a forged payload', async () => {
    const attacker = customer();
    const victim = customer();
    const victimConsent = await gateway.grant(victim, BANK, BOB_IBAN, ['balances']);
    expect(await tap(attacker, `CONSENT_REVOKE|${victimConsent.id}`)).toContain('There was nothing to revoke');
    expect(await dataSource.getRepository(CustomerConsentEntity).findOneBy({ id: victimConsent.id })).toMatchObject({ revokedAt: null });
  });

  it('cannot answer someone else\'s fraud alert', async () => {
    const victim = customer();
    const attacker = customer();
    await gateway.grant(victim, BANK, BOB_IBAN, ['fraud_alerts']);
    const alert = aFraudAlertRaised({ alertId: crypto.randomUUID(), bankId: BANK, accountRef: ref(BOB_IBAN) });
    await gateway.app.get(FraudAlertConsumer).handleBatch([{ message: alert, context: { eventId: `e-${uniqueSuffix()}`, topic: 't', partition: 0, offset: '0', key: null } }]);
    await gateway.waitForMessages(victim, 1);
    expect(await tap(attacker, `FRAUD_FEEDBACK|${alert.alertId}|GENUINE`)).toContain('I found nothing for that.');
    const feedback = await collectAllMessages(`${gateway.config.KAFKA_TOPIC_PREFIX}${Topics.fraudFeedbackReceived.name}`, 1000);
    expect(feedback.filter((m) => m.value!.toString().includes(alert.alertId))).toEqual([]);
  });

  it('cannot use a linking code issued to another Messenger user', async () => {
    const victim = customer();
    const attacker = customer();
    const linking = gateway.app.get(AccountLinkingService);
    const url = await linking.start(victim, 'en');
    const id = new URL(url).pathname.split('/').pop()!;
    const submitted = await linking.submit(id, `${gateway.graph.baseUrl}/messenger_platform/account_linking/`, { bankId: BANK, accountIds: [ALICE_IBAN], scopes: ['balances'], validForDays: 90 });
    const code = new URL((submitted as { redirect: string }).redirect).searchParams.get('authorization_code')!;
    const stolen = { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: attacker }, recipient: { id: PAGE_ID }, timestamp: Date.now(), account_linking: { status: 'linked', authorization_code: code } }] }] };
    expect((await gateway.postWebhook(stolen)).status).toBe(200);
    expect((await gateway.waitForMessages(attacker, 1))[0]).toContain('Linking did not complete');
    expect(await dataSource.getRepository(CustomerConsentEntity).findBy({ psid: attacker })).toEqual([]);
    // The rightful user can still redeem it — once.
    const own = JSON.parse(JSON.stringify(stolen).replaceAll(attacker, victim));
    await gateway.postWebhook(own);
    expect((await gateway.waitForMessages(victim, 1))[0]).toContain('Linked: DE89 •••• 3000');
    own.entry[0].messaging[0].timestamp += 1;
    await gateway.postWebhook(own);
    expect((await gateway.waitForMessages(victim, 2))[1]).toContain('Linking did not complete');
    await eventually(async () => ((await dataSource.getRepository(CustomerConsentEntity).countBy({ psid: victim })) === 1 ? true : undefined));
  });
});
