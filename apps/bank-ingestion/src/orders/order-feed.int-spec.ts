import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { MessageHeaders, Topics } from '@kontor/contracts';
import { loadConfig } from '@kontor/platform-config';
import { createService } from '@kontor/platform-runtime';
import { tokenizeCard } from '@kontor/privacy';
import { bankRequestHeaders } from '@kontor/request-signing';
import { collectAllMessages, collectMessages, createTestDatabase, headerValue, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { BankRegistry } from '../banks/bank-registry.service';
import { IngestionConfig } from '../ingestion.config';
import { configureIngestionHttp } from '../ingestion.http';
import { IngestionModule } from '../ingestion.module';

const BANK = { bankId: 'orders-bank', keyId: 'key-1', secret: 'orders-bank-secret-0123456789' };
const PAN = '4111111111111111';

function anOrder(overrides: Record<string, unknown> = {}) {
  return {
    orderNumber: `A-${uniqueSuffix()}`,
    merchantName: 'Bookshop Berlin',
    placedAt: '2026-11-02T10:00:00+01:00',
    updatedAt: '2026-11-03T08:00:00Z',
    currency: 'EUR',
    total: '45.99',
    shipping: '4.99',
    items: [{ title: 'The Book', quantity: 1, price: '41.00' }],
    payment: { pan: PAN },
    shipment: { status: 'shipped', carrier: 'DHL', trackingNumber: '00340434161094042557' },
    ...overrides,
  };
}

/** POST /v1/feeds/orders against real PostgreSQL and Kafka: signed like feeds, card tokenized, one event per order. */
describe('merchant order feed (real PostgreSQL and Kafka)', () => {
  let app: NestExpressApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: IngestionConfig;
  const topic = () => `${config.KAFKA_TOPIC_PREFIX}${Topics.merchantOrderReported.name}`;

  beforeAll(async () => {
    database = await createTestDatabase('ingestion_orders');
    config = loadConfig(IngestionConfig, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('orders'),
      KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    });
    app = await createService(IngestionModule.register(config), { service: 'bank-ingestion', logLevel: 'warn', configure: (a) => configureIngestionHttp(a, config) });
    await app.init();
    const registry = app.get(BankRegistry);
    await registry.registerBank(BANK.bankId, 'Orders Bank');
    await registry.addSigningKey(BANK.bankId, BANK.keyId, BANK.secret);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  function push(body: string, secret = BANK.secret) {
    const path = '/v1/feeds/orders';
    const headers = bankRequestHeaders({ bankId: BANK.bankId, keyId: BANK.keyId, secret }, { method: 'POST', path, timestamp: Math.floor(Date.now() / 1000), idempotencyKey: `orders-${uniqueSuffix()}`, body });
    return request(app.getHttpServer()).post(path).set(headers).set('content-type', 'application/json').send(body);
  }

  it('publishes one tokenized MerchantOrderReportedV1 per order, keyed by order, with exact amounts', async () => {
    const order = anOrder();
    const response = await push(JSON.stringify({ orders: [order] }));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'accepted', orderCount: 1 });
    const [message] = await collectMessages(topic(), 1);
    const event = JSON.parse(message.value!.toString());
    expect(message.key!.toString()).toBe(response.body.orderIds[0]);
    expect(event).toMatchObject({
      orderId: response.body.orderIds[0],
      bankId: BANK.bankId,
      orderNumber: order.orderNumber,
      currency: 'EUR',
      currencyExponent: 2,
      totalMinor: '4599',
      shippingMinor: '499',
      items: [{ title: 'The Book', quantity: 1, priceMinor: '4100' }],
      card: { token: tokenizeCard(config.KONTOR_TOKENIZATION_KEY, PAN), last4: '1111' },
      shipment: { status: 'shipped', carrier: 'DHL', trackingNumber: '00340434161094042557' },
      reportedAt: '2026-11-03T08:00:00.000Z',
    });
    expect(message.value!.toString()).not.toContain(PAN);
  });

  it('gives a repeated report the same event id and a later one a new event for the same order', async () => {
    const order = anOrder();
    await push(JSON.stringify({ orders: [order] }));
    await push(JSON.stringify({ orders: [order] }));
    await push(JSON.stringify({ orders: [{ ...order, updatedAt: '2026-11-04T08:00:00Z', shipment: { status: 'delivered' } }] }));
    const events = (await collectAllMessages(topic())).filter((m) => m.value!.toString().includes(order.orderNumber));
    const ids = events.map((m) => headerValue(m, MessageHeaders.eventId));
    expect(new Set(ids).size).toBe(2);
    expect(new Set(events.map((m) => m.key!.toString())).size).toBe(1);
  });

  it.each([
    ['a wrong signature', () => push(JSON.stringify({ orders: [anOrder()] }), 'wrong-secret-0123456789'), 401],
    ['an invalid card number', () => push(JSON.stringify({ orders: [anOrder({ payment: { pan: '4111111111111112' } })] })), 422],
    ['an inexact amount', () => push(JSON.stringify({ orders: [anOrder({ total: '45.999' })] })), 422],
    ['no way to find the payment', () => push(JSON.stringify({ orders: [anOrder({ payment: {} })] })), 422],
    ['an unknown shipment status', () => push(JSON.stringify({ orders: [anOrder({ shipment: { status: 'teleported' } })] })), 422],
    ['no JSON', () => push('{"orders": ['), 400],
  ])('refuses %s', async (_, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body)).not.toContain('411111111111111');
  });
});
