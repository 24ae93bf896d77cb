import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NormalizedTransactionV1 } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { DEFAULT_RULE_SET } from '@kontor/fraud-rules';
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
  const freshAccount = () => `acc_${crypto.randomUUID().replace(/-/g, '')}`;
  const eventsFor = async (transactionId: string) =>
    (await dataSource.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' } })).filter((e) => (e.payload as { transactionId: string }).transactionId === transactionId);

  it('scores every transaction, stores the reasons and rule-set version, and raises an alert only above the threshold', async () => {
    const coffee = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef: freshAccount(), amountMinor: '450' });
    const casino = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef: freshAccount(), amountMinor: '249900', cardPresent: false, merchant: { name: 'Lucky Star Casino', mcc: '7995' } });
    await consumer.handleBatch([item(coffee), item(casino)]);

    const scores = await dataSource.query('SELECT transaction_id, score, decision, rule_set_version, alert_id FROM fraud.transaction_score WHERE transaction_id = ANY($1)', [[coffee.transactionId, casino.transactionId]]);
    expect(scores).toHaveLength(2);
    const byId = Object.fromEntries(scores.map((s: { transaction_id: string }) => [s.transaction_id, s]));
    expect(byId[coffee.transactionId]).toMatchObject({ score: 0, decision: 'allow', rule_set_version: DEFAULT_RULE_SET.version, alert_id: null });
    expect(byId[casino.transactionId]).toMatchObject({ score: 1000, decision: 'alert', rule_set_version: DEFAULT_RULE_SET.version });

    expect((await eventsFor(coffee.transactionId)).map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1']);
    const casinoEvents = await eventsFor(casino.transactionId);
    expect(casinoEvents.map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1', 'kontor.fraud.alert-raised.v1']);
    expect(casinoEvents[1].eventId).toBe(byId[casino.transactionId].alert_id);
    // The alert continues the trace of the transaction it is about.
    expect(casinoEvents[1].headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
  });

  it('scores a redelivered or repeated transaction once', async () => {
    const tx = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef: freshAccount(), amountMinor: '249900', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    const once = item(tx);
    await consumer.handleBatch([once, once]);
    await consumer.handleBatch([once]);
    await consumer.handleBatch([item(tx)]);
    expect(await eventsFor(tx.transactionId)).toHaveLength(2);
    const scores = await dataSource.query('SELECT count(*)::int AS n FROM fraud.transaction_score WHERE transaction_id = $1', [tx.transactionId]);
    expect(scores[0].n).toBe(1);
  });

  it('opens one case per alert, with what the profile would learn, and persists the profiles of account and card', async () => {
    const accountRef = freshAccount();
    const casino = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef, amountMinor: '249900', cardPresent: false, merchant: { name: 'Lucky Star Casino', mcc: '7995', country: 'MT' } });
    await consumer.handleBatch([item(casino)]);
    const [fraudCase] = await dataSource.query('SELECT * FROM fraud.fraud_case WHERE transaction_id = $1', [casino.transactionId]);
    expect(fraudCase).toMatchObject({ status: 'open', score: 1000, rule_set_version: DEFAULT_RULE_SET.version, card_last4: '1111', merchant_name: 'Lucky Star Casino' });
    expect(fraudCase.features).toMatchObject({ merchantKey: 'lucky star casino', country: 'MT', mcc: '7995' });
    expect(fraudCase.features.cardToken).toBe(casino.card!.token);
    const profiles = await dataSource.query('SELECT subject, profile FROM fraud.behaviour_profile WHERE account_ref = $1 ORDER BY subject', [accountRef]);
    expect(profiles.map((p: { subject: string }) => p.subject)).toEqual(['account', `card:${casino.card!.token}`]);
    // Activity counts the alerted debit, habits do not learn it until the customer confirms.
    expect(profiles[0].profile).toMatchObject({ debits: 1, habits: 0 });
  });

  it('scores a pending transaction once: its booked revision raises no second alert unless it changed materially', async () => {
    const accountRef = freshAccount();
    const pending = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef, status: 'pending', revision: 1, amountMinor: '249900', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    await consumer.handleBatch([item(pending), item({ ...pending, status: 'booked', revision: 2 })]);
    await consumer.handleBatch([item({ ...pending, status: 'booked', revision: 2 })]);
    expect((await eventsFor(pending.transactionId)).map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1', 'kontor.fraud.alert-raised.v1']);
    const [row] = await dataSource.query('SELECT revision, alert_id FROM fraud.transaction_score WHERE transaction_id = $1', [pending.transactionId]);
    expect(row.revision).toBe(2);
    const profile = (await dataSource.query(`SELECT profile FROM fraud.behaviour_profile WHERE account_ref = $1 AND subject = 'account'`, [accountRef]))[0].profile;
    expect(profile.debits).toBe(1);

    // A small pending that books at a hundred times the amount is scored again; still at most one alert for it.
    const small = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef, status: 'pending', revision: 1, amountMinor: '2000', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    await consumer.handleBatch([item(small)]);
    await consumer.handleBatch([item({ ...small, status: 'booked', revision: 2, amountMinor: '250000' })]);
    await consumer.handleBatch([item({ ...small, status: 'booked', revision: 3, amountMinor: '260000' })]); // +4 %: not material
    await consumer.handleBatch([item({ ...small, status: 'booked', revision: 4, amountMinor: '400000' })]); // material, alerted before
    const events = await eventsFor(small.transactionId);
    expect(events.map((e) => e.topic)).toEqual([
      'kontor.fraud.transaction-scored.v1',
      'kontor.fraud.transaction-scored.v1',
      'kontor.fraud.alert-raised.v1',
      'kontor.fraud.transaction-scored.v1',
    ]);
    expect(events.map((e) => (e.payload as { revision?: number }).revision)).toEqual([1, 2, undefined, 4]);
    expect(events.map((e) => (e.payload as { decision?: string }).decision)).toEqual(['allow', 'alert', undefined, 'alert']);
    expect((await dataSource.query('SELECT count(*)::int AS n FROM fraud.fraud_case WHERE transaction_id = $1', [small.transactionId]))[0].n).toBe(1);
  });

  it('takes the pending score for the booked transaction that posts it (another id): one alert, profiles counted once', async () => {
    const accountRef = freshAccount();
    const pending = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef, status: 'pending', revision: 1, amountMinor: '249900', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    const booked = aNormalizedTransaction({
      ...pending,
      transactionId: crypto.randomUUID(),
      status: 'booked',
      amountMinor: '252400', // +1 %: not material
      supersedes: { transactionId: pending.transactionId, relation: 'posts-pending', confidence: 900 },
    });
    const superseded = { ...pending, status: 'superseded' as const, revision: 2 };
    await consumer.handleBatch([item(pending)]);
    await consumer.handleBatch([item(booked), item(superseded)]);

    expect((await eventsFor(pending.transactionId)).map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1', 'kontor.fraud.alert-raised.v1']);
    const bookedEvents = await eventsFor(booked.transactionId);
    expect(bookedEvents.map((e) => e.topic)).toEqual(['kontor.fraud.transaction-scored.v1']);
    const [pendingRow] = await dataSource.query('SELECT score, alert_id FROM fraud.transaction_score WHERE transaction_id = $1', [pending.transactionId]);
    expect(bookedEvents[0].payload).toMatchObject({ decision: 'alert', score: pendingRow.score });
    expect((bookedEvents[0].payload as { alertId?: string }).alertId).toBeUndefined(); // the pending one raised it
    const [bookedRow] = await dataSource.query('SELECT alert_id FROM fraud.transaction_score WHERE transaction_id = $1', [booked.transactionId]);
    expect(bookedRow.alert_id).toBe(pendingRow.alert_id);
    const profile = (await dataSource.query(`SELECT profile FROM fraud.behaviour_profile WHERE account_ref = $1 AND subject = 'account'`, [accountRef]))[0].profile;
    expect(profile.debits).toBe(1);
    expect((await dataSource.query('SELECT count(*)::int AS n FROM fraud.fraud_case WHERE account_ref = $1', [accountRef]))[0].n).toBe(1);
  });

  it('does not score a lifecycle update (expired, superseded) of a transaction it never saw', async () => {
    const expired = aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef: freshAccount(), status: 'expired', revision: 2, amountMinor: '249900', cardPresent: false, merchant: { name: 'Casino', mcc: '7995' } });
    await consumer.handleBatch([item(expired)]);
    expect(await eventsFor(expired.transactionId)).toEqual([]);
  });
});
