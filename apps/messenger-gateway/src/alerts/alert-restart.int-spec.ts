import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { MessageHeaders, Topics } from '@kontor/contracts';
import { aFraudAlertRaised } from '@kontor/contracts/testing';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { ServiceProcess, spawnService } from '@kontor/platform-launcher';
import { createServiceDataSource, migrateServiceSchema } from '@kontor/platform-database';
import { tokenizeAccount } from '@kontor/privacy';
import { hubSignature256 } from '@kontor/request-signing';
import { createTestDatabase, eventually, testKafka, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { ConsentRepository } from '../consent/consent.repository';
import { GATEWAY_DATABASE } from '../gateway.database';

const ROOT = join(__dirname, '../../../..');
const APP_SECRET = 'restart-test-app-secret-0123456789';
const PAGE_ID = '1691462197845448';
const ALERTS = 30;
const USERS_WRITING = 10;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The gateway as a process, killed with SIGKILL in the middle of a burst of fraud alerts and customer
 * messages, then started again: every alert reaches its customer exactly once (the echo closes the
 * crash window), and every customer message stored before the kill is still answered.
 * Runs the built service: `npm run build` first.
 */
describe('messenger-gateway killed mid-burst and restarted (process, real PostgreSQL and Kafka)', () => {
  const graph = new FakeGraphApi();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let producer: Producer;
  let gateway: ServiceProcess | undefined;
  const logs: string[] = [];
  const psid = `psid-${uniqueSuffix()}`;
  const bankId = `bank-${uniqueSuffix()}`;
  const iban = 'DE89370400440532013000';

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/apps/messenger-gateway/src/main.js'))) throw new Error('run `npm run build` before this test');
    database = await createTestDatabase('gateway_restart');
    port = await freePort();
    const tokenizationKey = randomBytes(32).toString('hex');
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('gateway-restart'),
      GRAPH_API_BASE_URL: await graph.start(),
      MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
      MESSENGER_APP_SECRET: APP_SECRET,
      KONTOR_TOKENIZATION_KEY: tokenizationKey,
      ALERT_SEND_LEASE_SECONDS: '3',
      ALERT_ECHO_GRACE_SECONDS: '20',
      MESSENGER_PROFILE_ON_START: 'false',
    };
    graph.deliverWebhooksTo({ url: `http://127.0.0.1:${port}/webhooks/messenger`, appSecret: APP_SECRET, pageId: PAGE_ID });
    // Slow enough that the kill lands while Send API calls are in flight.
    graph.responseDelayMs = 150;

    const dataSource = createServiceDataSource({ url: database.url, ...GATEWAY_DATABASE });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, GATEWAY_DATABASE.schema);
    await new ConsentRepository(dataSource).grant({ psid, bankId, accountId: iban, scopes: ['fraud_alerts'], locale: 'en', validForDays: 90 }, tokenizationKey);
    await dataSource.destroy();
    producer = testKafka().producer();
    await producer.connect();
  });

  afterAll(async () => {
    await gateway?.stop();
    await producer?.disconnect();
    await graph.stop();
    await database?.drop();
  });

  const start = async () => {
    gateway = spawnService({ root: ROOT, name: 'messenger-gateway', port, env, onLine: (_, line) => logs.push(line) });
    await gateway.waitReady();
  };
  const pushesOf = (alertId: string) => graph.requests.filter((r) => JSON.stringify(r.body).includes(`kontor-push:${alertId}`));

  it('sends each alert exactly once and answers every stored message', async () => {
    await start();
    const accountRef = tokenizeAccount(env.KONTOR_TOKENIZATION_KEY!, bankId, iban);
    const alerts = Array.from({ length: ALERTS }, () => aFraudAlertRaised({ alertId: crypto.randomUUID(), transactionId: crypto.randomUUID(), bankId, accountRef }));
    await producer.send({
      topic: `${env.KAFKA_TOPIC_PREFIX}${Topics.fraudAlertRaised.name}`,
      messages: alerts.map((alert) => ({ key: accountRef, value: JSON.stringify(alert), headers: { [MessageHeaders.eventId]: crypto.randomUUID() } })),
    });
    const writers = Array.from({ length: USERS_WRITING }, () => `writer-${uniqueSuffix()}`);
    const accepted: string[] = [];
    for (const writer of writers) {
      const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: writer }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: `mid.${uniqueSuffix()}`, text: 'help' } }] }] });
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature256(APP_SECRET, body) }, body });
      if (response.status === 200) accepted.push(writer);
    }
    expect(accepted).toHaveLength(USERS_WRITING);

    // Mid-burst, inside the crash window: the 8th (or a later) push has reached Messenger (the fake recorded it) and the
    // gateway dies before the answer comes back (the fake answers after 150 ms).
    const killed = gateway!;
    let inFlight: string | undefined;
    graph.onMessageRequest = (request) => {
      const metadata = (request.body as { message?: { metadata?: string } }).message?.metadata;
      const pushes = graph.requests.filter((r) => JSON.stringify(r.body).includes('kontor-push:')).length;
      if (!inFlight && metadata?.startsWith('kontor-push:') && pushes >= 8) {
        inFlight = metadata;
        killed.child.kill('SIGKILL');
      }
    };
    await killed.exited;
    graph.onMessageRequest = undefined;
    expect(inFlight).toMatch(/^kontor-push:/);
    const sentBeforeKill = alerts.filter((a) => pushesOf(a.alertId).length > 0).length;
    expect(sentBeforeKill).toBeLessThan(ALERTS);

    await start();
    await eventually(async () => (alerts.every((a) => pushesOf(a.alertId).length > 0) ? true : undefined), 90_000, 250);
    for (const writer of accepted) await eventually(async () => (graph.conversation(writer).length > 0 ? true : undefined), 30_000, 250);
    // Past the lease and the echo grace period: anything that would be sent twice has been by now.
    await new Promise((r) => setTimeout(r, 3_000 + 20_000 + 3_000));

    const counts = alerts.map((a) => pushesOf(a.alertId).length);
    expect(counts).toEqual(alerts.map(() => 1));
    expect(graph.requests.filter((r) => JSON.stringify(r.body).includes(inFlight!))).toHaveLength(1);
    expect(graph.conversation(psid)).toHaveLength(ALERTS);
  });
});
