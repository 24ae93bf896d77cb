import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { aFraudAlertRaised } from '@kontor/contracts/testing';
import { FakeGraphApi } from '@kontor/fake-graph-api';
import { loadConfig } from '@kontor/platform-config';
import { createService } from '@kontor/platform-runtime';
import { tokenizeAccount } from '@kontor/privacy';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { ConsentRepository } from '../consent/consent.repository';
import { ConsentScope } from '../consent/customer-consent.entity';
import { GatewayConfig } from '../gateway.config';
import { GatewayModule } from '../gateway.module';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { FraudAlertConsumer } from './fraud-alert.consumer';

const ACCOUNT = 'DE89370400440532013000';

/**
 * The gateway's side of a fraud alert against real PostgreSQL and a fake Graph API: who gets a message
 * (only valid consents with the fraud_alerts scope), how often (once per alert), and what happens when
 * the Send API fails.
 */
describe('fraud alert delivery (real PostgreSQL, fake Graph API)', () => {
  const graphApi = new FakeGraphApi();
  let app: NestExpressApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: GatewayConfig;
  let consumer: FraudAlertConsumer;
  let consents: ConsentRepository;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_delivery');
    config = loadConfig(GatewayConfig, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('gateway'),
      GRAPH_API_BASE_URL: await graphApi.start(),
      MESSENGER_PAGE_ACCESS_TOKEN: 'page-token',
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      SEND_API_MAX_ATTEMPTS: '3',
    });
    app = await createService(GatewayModule.register(config), { service: 'messenger-gateway', logLevel: 'error' });
    await app.init();
    consumer = app.get(FraudAlertConsumer);
    consents = app.get(ConsentRepository);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await graphApi.stop();
    await database.drop();
  });

  /** A consent for a fresh account (so tests do not see each other's consents) and an alert on it. */
  async function customerWithAlert(scopes: ConsentScope[], options: { grantedDaysAgo?: number; validForDays?: number } = {}) {
    const bankId = `bank-${uniqueSuffix()}`;
    const psid = `psid-${uniqueSuffix()}`;
    const now = new Date(Date.now() - (options.grantedDaysAgo ?? 0) * 24 * 60 * 60 * 1000);
    await consents.grant({ psid, bankId, accountId: ACCOUNT, scopes, locale: 'en', validForDays: options.validForDays ?? 90 }, config.KONTOR_TOKENIZATION_KEY, now);
    const alert = aFraudAlertRaised({ alertId: crypto.randomUUID(), bankId, accountRef: tokenizeAccount(config.KONTOR_TOKENIZATION_KEY, bankId, ACCOUNT) });
    return { psid, alert };
  }

  const context = (eventId: string) => ({ eventId, topic: 't', partition: 0, offset: '0', key: null });
  const handle = (alert: ReturnType<typeof aFraudAlertRaised>, eventId: string) => consumer.handleBatch([{ message: alert, context: context(eventId) }]);
  const deliveries = (alertId: string) => dataSource.getRepository(AlertDeliveryEntity).findBy({ alertId });
  const requestsFor = (psid: string) => graphApi.requests.filter((r) => (r.body as { recipient: { id: string } }).recipient.id === psid);

  it('sends one message per alert, however often the alert event arrives', async () => {
    const { psid, alert } = await customerWithAlert(['fraud_alerts']);
    await handle(alert, 'event-1');
    await handle(alert, 'event-1');
    await handle(alert, 'event-2-same-alert');
    const [delivery] = await eventually(async () => ((await deliveries(alert.alertId)).some((d) => d.status === 'sent') ? deliveries(alert.alertId) : undefined));
    expect(delivery).toMatchObject({ psid, status: 'sent', attempts: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsFor(psid)).toHaveLength(1);
  });

  it.each([
    ['without the fraud_alerts scope', { scopes: ['balances', 'transactions'] as ConsentScope[] }],
    ['after the consent expired', { scopes: ['fraud_alerts'] as ConsentScope[], grantedDaysAgo: 3, validForDays: 2 }],
  ])('sends nothing %s', async (_, { scopes, ...options }) => {
    const { psid, alert } = await customerWithAlert(scopes, options);
    await handle(alert, `event-${uniqueSuffix()}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(await deliveries(alert.alertId)).toEqual([]);
    expect(requestsFor(psid)).toHaveLength(0);
  });

  it('sends nothing after the customer consented again without the scope (the earlier consent is revoked)', async () => {
    const { psid, alert } = await customerWithAlert(['fraud_alerts']);
    await consents.grant({ psid, bankId: alert.bankId, accountId: ACCOUNT, scopes: ['balances'], locale: 'en', validForDays: 90 }, config.KONTOR_TOKENIZATION_KEY);
    await handle(alert, `event-${uniqueSuffix()}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsFor(psid)).toHaveLength(0);
  });

  it('retries a Send API 5xx and records the message id once it goes through', async () => {
    const { psid, alert } = await customerWithAlert(['fraud_alerts']);
    graphApi.failNext(503, { error: { message: 'Service temporarily unavailable', code: 2 } });
    await handle(alert, `event-${uniqueSuffix()}`);
    const [delivery] = await eventually(async () => ((await deliveries(alert.alertId)).some((d) => d.status === 'sent') ? deliveries(alert.alertId) : undefined));
    expect(delivery.graphMessageId).toMatch(/^m_fake_/);
    expect(requestsFor(psid)).toHaveLength(2);
  });

  it('records a permanent error (user unavailable) as failed and does not retry it', async () => {
    const { psid, alert } = await customerWithAlert(['fraud_alerts']);
    graphApi.failNext(400, { error: { message: 'This person isn\'t available right now.', code: 551, error_subcode: 1545041 } });
    await handle(alert, `event-${uniqueSuffix()}`);
    const [delivery] = await eventually(async () => ((await deliveries(alert.alertId)).some((d) => d.status === 'failed') ? deliveries(alert.alertId) : undefined));
    expect(delivery.lastError).toContain('code 551');
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsFor(psid)).toHaveLength(1);
  });
});
