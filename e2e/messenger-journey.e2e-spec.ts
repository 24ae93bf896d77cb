import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { Client } from 'pg';
import { Browser, chromium, Page } from 'playwright-core';
import { AccountBalanceV1, FraudFeedbackReceivedV1, MessageHeaders, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { aFraudAlertRaised, aNormalizedTransaction } from '@kontor/contracts/testing';
import { findRepoRoot } from '@kontor/local-infra';
import { DEMO, LocalPlatform, startLocalPlatform } from '@kontor/platform-launcher';
import { maskAccountId, tokenizeAccount } from '@kontor/privacy';
import { collectMessages, createTestDatabase, eventually, testKafka, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';

const root = findRepoRoot(__dirname);
/**
 * The platform launcher's ports plus this offset. 50 above the other e2e specs' offset, so this spec's
 * platform (3051–3054, 3950, 3955 + KONTOR_E2E_PORT_OFFSET) never collides with theirs.
 */
const PORT_OFFSET = Number(process.env.KONTOR_E2E_PORT_OFFSET ?? 1000) + 50;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const APP_SECRET = `e2e-app-secret-${process.pid}`;
const TOKENIZATION_KEY = randomBytes(32).toString('hex');
const ACCOUNT_REF = tokenizeAccount(TOKENIZATION_KEY, DEMO.bankId, DEMO.accountId);
const ACCOUNT_MASKED = maskAccountId(DEMO.accountId);

/**
 * A customer's journey in the local Messenger page, in headless Chromium, against the real platform as
 * `npm start` runs it (startLocalPlatform: the four services as processes, the fake Graph API, the local
 * page), over the shared broker and a database of its own: link the bank through the consent page,
 * choosing scopes; ask for the balance in German and English; ask what Kontor read; answer a fraud alert
 * with "Not me", which reaches fraud scoring's feedback topic.
 */
describe('a customer in the local Messenger, against the real gateway', () => {
  const logs: string[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let platform: LocalPlatform;
  let prefix: string;
  let producer: Producer;
  let browser: Browser;
  let page: Page;
  let db: Client;

  const publish = async (topic: { name: string }, payload: object) => {
    await producer.send({ topic: `${prefix}${topic.name}`, messages: [{ key: ACCOUNT_REF, value: JSON.stringify(payload), headers: { [MessageHeaders.eventId]: randomUUID() } }] });
  };
  const typeMessage = async (text: string) => {
    await page.fill('#message-input', text);
    await page.press('#message-input', 'Enter');
  };
  const botSays = (text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last().waitFor({ timeout: 30_000 });

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/messenger-gateway/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    database = await createTestDatabase('e2e_journey');
    prefix = uniqueTopicPrefix('e2e-journey');
    platform = await startLocalPlatform({
      root,
      portOffset: PORT_OFFSET,
      demoConsent: false,
      log: (source, line) => logs.push(`[${source}] ${line}`),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        KAFKA_BROKERS: testKafkaBrokers(),
        KAFKA_TOPIC_PREFIX: prefix,
        KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
        KONTOR_TOKENIZATION_KEY: TOKENIZATION_KEY,
        MESSENGER_APP_SECRET: APP_SECRET,
      },
    });
    producer = testKafka('e2e-journey').producer();
    await producer.connect();
    db = new Client({ connectionString: database.url });
    await db.connect();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ locale: 'en-GB', viewport: { width: 480, height: 900 } });
    page.on('pageerror', (error) => logs.push(`[page error] ${error.message}`));
    await page.goto(platform.localMessengerUrl!);
  }, 180_000);

  afterAll(async () => {
    // The services', the page's and the launcher's output, for when this test fails.
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(join(root, '.data/messenger-journey-e2e.log'), logs.join('\n'));
    await browser?.close();
    await producer?.disconnect();
    await db?.end();
    await platform?.stop();
    await database?.drop();
  }, 60_000);

  it('uses the launcher wiring: the page posts to the gateway webhook, which refuses anything unsigned', async () => {
    expect(platform.gatewayWebhookUrl).toBe(`http://127.0.0.1:${3004 + PORT_OFFSET}/webhooks/messenger`);
    const unsigned = await fetch(platform.gatewayWebhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ object: 'page', entry: [] }) });
    expect(unsigned.status).toBe(403);
    const verify = await fetch(`${platform.gatewayWebhookUrl}?hub.mode=subscribe&hub.verify_token=local-verify-token-change-me&hub.challenge=12345`);
    expect(await verify.text()).toBe('12345');
  });

  it('knows nothing before the customer links a bank', async () => {
    await typeMessage("what's my balance");
    await botSays('Kontor needs your consent');
  });

  it('links the bank through the consent page, with the scopes the customer chose', async () => {
    // The bank's data arrives before the link, as it would: the read model holds it, the consent opens it.
    const transaction: NormalizedTransactionV1 = aNormalizedTransaction({ transactionId: randomUUID(), bankId: DEMO.bankId, accountRef: ACCOUNT_REF, accountMasked: ACCOUNT_MASKED, bookingDate: new Date().toISOString().slice(0, 10), revision: 1 });
    const balance: AccountBalanceV1 = { bankId: DEMO.bankId, accountRef: ACCOUNT_REF, accountMasked: ACCOUNT_MASKED, currency: 'EUR', currencyExponent: 2, bookedMinor: '123456', asOf: '2026-12-01T08:00:00Z', basis: 'statement', check: { status: 'unchecked' }, updatedAt: '2026-12-01T08:00:00Z' };
    await publish(Topics.transactionNormalized, transaction);
    await publish(Topics.accountBalance, balance);
    await eventually(async () => ((await db.query('SELECT 1 FROM gateway.account_balance WHERE account_ref = $1', [ACCOUNT_REF])).rowCount ? true : undefined));
    await eventually(async () => ((await db.query('SELECT 1 FROM gateway.account_transaction WHERE transaction_id = $1', [transaction.transactionId])).rowCount ? true : undefined));

    await typeMessage('Link my bank');
    const button = page.locator('.button-template .account-link').last();
    await button.waitFor();
    expect(await page.locator('.button-template .card-text').last().innerText()).toMatch(/^Link your bank/);
    const [consentPage] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
    await consentPage.waitForLoadState();
    expect(new URL(consentPage.url()).origin).toBe(`http://127.0.0.1:${3004 + PORT_OFFSET}`);
    await consentPage.fill('textarea[name=accounts]', DEMO.accountId);
    for (const scope of ['balances', 'transactions', 'fraud_alerts']) await consentPage.check(`input[name=scopes][value=${scope}]`);
    await consentPage.click('button[value=allow]');
    await consentPage.locator('h1', { hasText: 'Account linked' }).waitFor();
    await consentPage.close();
    await botSays(`Linked: ${ACCOUNT_MASKED}. Kontor may use balances, transactions, fraud alerts until`);

    const consent = await db.query('SELECT scopes, account_masked FROM gateway.customer_consent WHERE psid = $1 AND revoked_at IS NULL', [DEMO.psid]);
    expect(consent.rows).toEqual([{ scopes: ['balances', 'transactions', 'fraud_alerts'], account_masked: ACCOUNT_MASKED }]);
  });

  it('answers the balance in German and English, and the transactions', async () => {
    await typeMessage('Kontostand?');
    await botSays(`Ihr Kontostand:\n• ${ACCOUNT_MASKED}: 1.234,56\u00a0€`);
    await typeMessage("what's my balance");
    await botSays(`Your balance:\n• ${ACCOUNT_MASKED}: €1,234.56`);
    await page.locator('.quick-replies button', { hasText: 'Transactions' }).click();
    await botSays('Your recent transactions:');
    expect(await page.locator('.msg.bot').last().innerText()).toContain('-€42.50 · card •1111');
  });

  it('tells the customer what it read', async () => {
    await typeMessage('what did you access?');
    await botSays('This is what Kontor read from your bank data:');
    const text = await page.locator('.msg.bot').last().innerText();
    expect(text).toContain(`balances of ${ACCOUNT_MASKED} for “balance”`);
    expect(text).toContain(`transactions of ${ACCOUNT_MASKED} for “recent_transactions”`);
    // Reads before the link opened nothing, so they are not in the log.
    expect((await db.query('SELECT count(*)::int AS n FROM gateway.access_audit WHERE psid = $1', [DEMO.psid])).rows[0].n).toBe(3);
  });

  it('pushes a fraud alert with its quick replies; "Not me" goes to fraud scoring as feedback', async () => {
    const alert = aFraudAlertRaised({ alertId: randomUUID(), transactionId: randomUUID(), bankId: DEMO.bankId, accountRef: ACCOUNT_REF, accountMasked: ACCOUNT_MASKED, raisedAt: new Date().toISOString() });
    await publish(Topics.fraudAlertRaised, alert);
    const pushed = page.locator('.msg.alert', { hasText: 'Lucky Star Casino' });
    await pushed.waitFor({ timeout: 30_000 });
    expect(await pushed.locator('.tag').innerText()).toBe('ACCOUNT_UPDATE');
    expect(await pushed.innerText()).toContain('a payment of €2,499.00 at Lucky Star Casino with your card ending 1111 looks unusual.');
    expect(await page.locator('.quick-replies button').allTextContents()).toEqual(['It was me', 'Not me']);
    // The fake Graph API echoed the push to the gateway, which confirms the delivery.
    await eventually(async () => ((await db.query(`SELECT 1 FROM gateway.alert_delivery WHERE alert_id = $1 AND status = 'sent'`, [alert.alertId])).rowCount ? true : undefined));

    await page.locator('.quick-replies button', { hasText: 'Not me' }).click();
    await botSays('Thank you. We have told your bank');
    const [message] = await collectMessages(`${prefix}${Topics.fraudFeedbackReceived.name}`, 1);
    const feedback = JSON.parse(message.value!.toString()) as FraudFeedbackReceivedV1;
    expect(feedback).toEqual({
      feedbackId: expect.any(String),
      alertId: alert.alertId,
      transactionId: alert.transactionId,
      bankId: DEMO.bankId,
      accountRef: ACCOUNT_REF,
      verdict: 'fraud',
      channel: 'messenger',
      answeredAt: expect.any(String),
    });
    expect(message.key?.toString()).toBe(ACCOUNT_REF);
    await page.screenshot({ path: join(root, '.data/messenger-journey.png'), fullPage: true });
  });
});
