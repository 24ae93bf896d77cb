import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NormalizedTransactionV1 } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { BASELINE_RULE_SET } from '@kontor/fraud-rules';
import { loadConfig } from '@kontor/platform-config';
import { OutboxEventEntity, OutboxRelay } from '@kontor/platform-outbox';
import { createService } from '@kontor/platform-runtime';
import { createTestDatabase, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';
import { FraudConfig } from '../fraud.config';
import { FraudModule } from '../fraud.module';
import { NormalizedTransactionConsumer } from './normalized-transaction.consumer';

describe('NormalizedTransactionConsumer (real PostgreSQL)', () => {
  let app: INestApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumer: NormalizedTransactionConsumer;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('fraud');
    const config = loadConfig(FraudConfig, { DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers(), KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('fraud') });
    app = await createService(FraudModule.register(config), { service: 'fraud-scoring', logLevel: 'error' });
    await app.init();
    // The relay would publish and delete outbox rows while the tests read them.
    await app.get(OutboxRelay, { strict: false }).stop();
    consumer = app.get(NormalizedTransactionConsumer);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const item = (message: NormalizedTransactionV1, eventId = crypto.randomUUID()) => ({
    message,
    context: { eventId, topic: 't', partition: 0, offset: '0', key: message.accountRef, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  });
  const eventsFor = async (transactionId: string) =>
    (await dataSource.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' } })).filter((e) => (e.payload as { transactionId: string }).transactionId === transactionId);

  it('scores every transaction, stores the reasons and rule-set version, and raises an alert only above the threshold', async () => {
    const coffee = aNormalizedTransaction({ transactionId: crypto.randomUUID(), amountMinor: '450' });
    const casino = aNormalizedTransaction({ transactionId: crypto.randomUUID(), amountMinor: '249900', cardPresent: false, merchant: { name: 'Lucky Star Casino', mcc: '7995' } });
    await consumer.handleBatch([item(coffee), item(casino)]);

    const scores = await dataSource.query('SELECT transaction_id, score, decision, rule_set_version, alert_id FROM fraud.transaction_score WHERE transaction_id = ANY($1)', [[coffee.transactionId, casino.transactionId]]);
    expect(scores).toHaveLength(2);
    const byId = Object.fromEntries(scores.map((s: { transaction_id: string }) => [s.transaction_id, s]));
    expect(byId[coffee.transactionId]).toMatchObject({ score: 0, decision: 'allow', rule_set_version: BASELINE_RULE_SET.version, alert_id: null });
    expect(byId[casino.transactionId]).toMatchObject({ score: 1000, decision: 'alert', rule_set_version: BASELINE_RULE_SET.version });

    expect((await eventsFor(coffee.transactionId)).map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1']);
    const casinoEvents = await eventsFor(casino.transactionId);
    expect(casinoEvents.map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1', 'kontor.fraud.alert-raised.v1']);
    expect(casinoEvents[1].eventId).toBe(byId[casino.transactionId].alert_id);
    // The alert continues the trace of the transaction it is about.
    expect(casinoEvents[1].headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
  });

  it('scores a redelivered or repeated transaction once', async () => {
    const tx = aNormalizedTransaction({ transactionId: crypto.randomUUID(), amountMinor: '249900', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    const once = item(tx);
    await consumer.handleBatch([once, once]);
    await consumer.handleBatch([once]);
    await consumer.handleBatch([item(tx)]);
    expect(await eventsFor(tx.transactionId)).toHaveLength(2);
    const scores = await dataSource.query('SELECT count(*)::int AS n FROM fraud.transaction_score WHERE transaction_id = $1', [tx.transactionId]);
    expect(scores[0].n).toBe(1);
  });
});
