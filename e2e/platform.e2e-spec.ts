import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { FraudAlertRaisedV1, MessageHeaders, Topics } from '@kontor/contracts';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { findRepoRoot } from '@kontor/local-infra';
import { DEFAULT_PORTS, DEMO, SERVICES, ServiceProcess, spawnService } from '@kontor/platform-launcher';
import { bankRequestHeaders } from '@kontor/request-signing';
import { DEFAULT_RULE_SET } from '@kontor/fraud-rules';
import { uuidV5 } from '@kontor/util';
import { collectMessages, createTestDatabase, eventually, headerValue, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';

const run = promisify(execFile);
/** The alert id fraud scoring derives for a transaction (and uses as the alert event's id). */
const alertIdFor = (transactionId: string) => uuidV5(`alert|${transactionId}|${DEFAULT_RULE_SET.version}`);
const root = findRepoRoot(__dirname);
const PAN = '4111111111111111';
/** Ports of their own, so the e2e run does not collide with `npm start` (or, with KONTOR_E2E_PORT_OFFSET, another e2e run). */
const PORT_OFFSET = Number(process.env.KONTOR_E2E_PORT_OFFSET ?? 1000);

/**
 * One transaction through the whole platform, as separate processes over the real broker and database:
 * a signed bank POST → ingestion → normalizer (stored row) → fraud scoring (alert event) → messenger
 * gateway → a Send API request to the (fake) Graph API for the customer who consented to alerts.
 * The services' logs land in .data/e2e-services.log.
 */
describe('a card transaction travels the whole platform', () => {
  const graphApi = new FakeGraphApi();
  const services: ServiceProcess[] = [];
  const logs: string[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;
  let db: Client;

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/bank-ingestion/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    database = await createTestDatabase('e2e');
    const graphApiUrl = await graphApi.start();
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('e2e'),
      KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      INGESTION_DEV_SEED_BANKS: `${DEMO.bankId}:${DEMO.keyId}:${DEMO.secret}`,
      GRAPH_API_BASE_URL: graphApiUrl,
      GRAPH_API_VERSION: 'v23.0',
      MESSENGER_PAGE_ACCESS_TOKEN: 'e2e-page-token',
    };
    for (const name of SERVICES) {
      const service = spawnService({ root, name, port: DEFAULT_PORTS[name] + PORT_OFFSET, env, onLine: (s, line) => logs.push(`[${s}] ${line}`) });
      services.push(service);
      await service.waitReady();
    }
    await run(process.execPath, [join(root, 'dist/apps/messenger-gateway/src/cli.js'), 'grant-consent', '--psid', DEMO.psid, '--bank', DEMO.bankId, '--account', DEMO.accountId, '--scopes', 'fraud_alerts,balances'], { env });
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    // The services' own logs, for when this test fails.
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(join(root, '.data/e2e-services.log'), logs.join('\n'));
    await graphApi.stop();
    await db?.end();
    await database?.drop();
  });


  it('ends as exactly one Send API request to the consenting customer, with the row and alert on the way', async () => {
    // The README's example transaction (an online casino payment), under an entry id of its own.
    const example = JSON.parse(readFileSync(join(root, 'examples/feeds/first-feed.json'), 'utf8')) as { entries: Record<string, unknown>[] };
    const body = JSON.stringify({ entries: [{ ...example.entries[0], entryId: 'e2e-0001', card: { pan: PAN } }] });
    const ingestionUrl = `http://127.0.0.1:${services[0].port}/v1/feeds`;
    const headers = bankRequestHeaders(DEMO, { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: 'e2e-feed-0001', body });
    const response = await fetch(ingestionUrl, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(202);
    const { feedId } = (await response.json()) as { feedId: string };

    // The canonical transaction, stored by the normalizer.
    const row = await eventually(async () => (await db.query('SELECT * FROM normalizer.transaction WHERE source_feed_id = $1', [feedId])).rows[0]);
    expect(row).toMatchObject({ amount_minor: '249900', currency: 'EUR', currency_exponent: 2, direction: 'debit', status: 'booked', card_last4: '1111', bank_entry_id: 'e2e-0001' });
    expect(row.card_token).toMatch(/^card_/);

    // The alert event, published by fraud scoring, carries the trace of the bank's request.
    const [alertMessage] = await collectMessages(`${env.KAFKA_TOPIC_PREFIX}${Topics.fraudAlertRaised.name}`, 1);
    const alert = JSON.parse(alertMessage.value!.toString()) as FraudAlertRaisedV1;
    expect(alert).toMatchObject({ transactionId: row.id, amountMinor: '249900', currency: 'EUR', merchantName: 'Lucky Star Casino', card: { last4: '1111' } });
    expect(alert.score).toBeGreaterThanOrEqual(700);
    expect(alert.reasons.map((r) => r.code)).toEqual(['HIGH_AMOUNT', 'VERY_HIGH_AMOUNT', 'RISKY_MERCHANT_CATEGORY', 'CARD_NOT_PRESENT']);
    const [entryMessage] = await collectMessages(`${env.KAFKA_TOPIC_PREFIX}${Topics.feedEntryReceived.name}`, 1);
    const traceId = (m: typeof entryMessage) => headerValue(m, MessageHeaders.traceparent)?.split('-')[1];
    expect(traceId(alertMessage)).toBe(traceId(entryMessage));

    // The Send API request, exactly.
    const [sent] = await graphApi.waitForRequests(1);
    expect(sent.path).toBe('/v23.0/me/messages');
    expect(sent.headers.authorization).toBe('Bearer e2e-page-token');
    expect(sent.body).toEqual({
      recipient: { id: DEMO.psid },
      messaging_type: 'MESSAGE_TAG',
      tag: 'ACCOUNT_UPDATE',
      message: {
        text:
          'Kontor security check: a payment of €2,499.00 at Lucky Star Casino with your card ending 1111 looks unusual.\n' +
          '• The amount is unusually high.\n' +
          '• The amount is far above a typical card payment.\n' +
          '• The merchant is in a category often used for fraud (gambling, money transfer, crypto).\n' +
          'Was this you?',
        // Returned by Messenger in the message echo, which confirms the push (docs/messenger.md).
        metadata: `kontor-push:${alert.alertId}`,
        quick_replies: [
          { content_type: 'text', title: 'It was me', payload: `FRAUD_FEEDBACK|${alert.alertId}|GENUINE` },
          { content_type: 'text', title: 'Not me', payload: `FRAUD_FEEDBACK|${alert.alertId}|FRAUD` },
        ],
      },
    });
    const delivery = await eventually(async () => (await db.query(`SELECT * FROM gateway.alert_delivery WHERE alert_id = $1 AND status = 'sent'`, [alert.alertId])).rows[0]);
    expect(delivery.graph_message_id).toMatch(/^m_fake_/);

    // The card number never left ingestion: not in any table, not on any topic.
    const tables = await db.query(`
      SELECT row_to_json(f)::text AS j FROM ingestion.feed f
      UNION ALL SELECT row_to_json(t)::text FROM normalizer.transaction t
      UNION ALL SELECT row_to_json(s)::text FROM fraud.transaction_score s
      UNION ALL SELECT row_to_json(a)::text FROM gateway.alert_delivery a`);
    expect(tables.rows.length).toBeGreaterThanOrEqual(4);
    for (const { j } of tables.rows) expect(j).not.toContain(PAN);
    for (const m of [entryMessage, alertMessage]) expect(m.value!.toString()).not.toContain(PAN);
  });

  it('sends nothing for an ordinary payment, nor for an alert on an account without consent', async () => {
    const before = graphApi.requests.length;
    const entry = (entryId: string, accountId: string, amount: string, mcc: string) => ({
      entryId,
      accountId,
      amount,
      currency: 'EUR',
      creditDebit: 'DBIT',
      status: 'booked',
      bookingDate: '2026-11-28',
      merchant: { name: `Merchant ${entryId}`, mcc },
      card: { last4: '4242' },
      cardPresent: mcc === '5814',
    });
    const body = JSON.stringify({
      entries: [entry('quiet-coffee', DEMO.accountId, '3.80', '5814'), entry('no-consent-casino', 'DE02120300000000202051', '2499.00', '7995')],
    });
    const headers = bankRequestHeaders(DEMO, { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: 'e2e-feed-quiet-0001', body });
    const response = await fetch(`http://127.0.0.1:${services[0].port}/v1/feeds`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(202);

    // Both are scored (the first test's transaction plus these two), and the casino raises an alert...
    const scored = await collectMessages(`${env.KAFKA_TOPIC_PREFIX}${Topics.transactionScored.name}`, 3);
    const decisions = Object.fromEntries(scored.map((m) => JSON.parse(m.value!.toString())).map((s: { transactionId: string; decision: string }) => [s.transactionId, s.decision]));
    const rows = await eventually(async () => {
      const r = await db.query(`SELECT id, bank_entry_id FROM normalizer.transaction WHERE bank_entry_id IN ('quiet-coffee', 'no-consent-casino')`);
      return r.rows.length === 2 ? r.rows : undefined;
    });
    const idOf = (entryId: string) => rows.find((r: { bank_entry_id: string }) => r.bank_entry_id === entryId).id;
    expect(decisions[idOf('quiet-coffee')]).toBe('allow');
    expect(decisions[idOf('no-consent-casino')]).toBe('alert');
    // ...which the gateway receives and drops: nobody consented to alerts for that account.
    await eventually(async () => (await db.query(`SELECT 1 FROM gateway.processed_event WHERE event_id = $1`, [alertIdFor(idOf('no-consent-casino'))])).rows[0]);
    await new Promise((r) => setTimeout(r, 500));
    expect(graphApi.requests.length).toBe(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM gateway.alert_delivery`)).rows[0].n).toBe(1);
  });

  it('accepts the README example (examples/push-feed.sh, bash + openssl + curl) and re-pushing it changes nothing', async () => {
    const before = graphApi.requests.length;
    const url = `http://127.0.0.1:${services[0].port}/v1/feeds`;
    const first = await run('bash', [join(root, 'examples/push-feed.sh'), join(root, 'examples/feeds/first-feed.json'), url]);
    const receipt = JSON.parse(first.stdout) as { feedId: string; replayed: boolean };
    expect(receipt.replayed).toBe(false);
    await graphApi.waitForRequests(before + 1);

    const again = await run('bash', [join(root, 'examples/push-feed.sh'), join(root, 'examples/feeds/first-feed.json'), url]);
    expect(JSON.parse(again.stdout)).toMatchObject({ feedId: receipt.feedId, replayed: true });
    // Pushed under a new idempotency key, the same bank entry maps to the same canonical transaction: no second alert.
    await run('bash', [join(root, 'examples/push-feed.sh'), join(root, 'examples/feeds/first-feed.json'), url], { env: { ...process.env, IDEMPOTENCY_KEY: 'resent-under-new-key' } });
    await new Promise((r) => setTimeout(r, 3000));
    expect(graphApi.requests.length).toBe(before + 1);
    const rows = await db.query(`SELECT count(*)::int AS n FROM normalizer.transaction WHERE bank_entry_id = 'demo-0001'`);
    expect(rows.rows[0].n).toBe(1);
  });
});
