import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEntryReceivedV1 } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { loadConfig } from '@kontor/platform-config';
import { PermanentMessageError } from '@kontor/platform-kafka';
import { OutboxEventEntity, OutboxRelay } from '@kontor/platform-outbox';
import { createService } from '@kontor/platform-runtime';
import { uuidV5 } from '@kontor/util';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { NormalizerConfig } from '../normalizer.config';
import { NormalizerModule } from '../normalizer.module';
import { FeedEntryConsumer } from './feed-entry.consumer';

/**
 * The normalizer's effect against real PostgreSQL: what gets stored and announced for a batch, and that
 * redeliveries and re-sent entries change nothing. (The Kafka side is the ContractConsumer's tests.)
 */
describe('FeedEntryConsumer (real PostgreSQL)', () => {
  let app: INestApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let consumer: FeedEntryConsumer;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('normalizer');
    const config = loadConfig(NormalizerConfig, { DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers(), KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('normalizer') });
    app = await createService(NormalizerModule.register(config), { service: 'transaction-normalizer', logLevel: 'error' });
    await app.init();
    // The relay would publish and delete outbox rows while the tests read them.
    await app.get(OutboxRelay, { strict: false }).stop();
    consumer = app.get(FeedEntryConsumer);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const accountRef = () => `acc_test${uniqueSuffix()}${uniqueSuffix()}${uniqueSuffix()}`;
  // (feedId, entryIndex) names an entry: each test's feed is its own.
  const feedOf = (account: string) => uuidV5(`feed|${account}`);
  const item = (message: FeedEntryReceivedV1, eventId = crypto.randomUUID()) => ({
    message,
    context: { eventId, topic: 't', partition: 0, offset: '0', key: message.accountRef, traceparent: undefined },
  });
  const rows = (account: string) => dataSource.query('SELECT * FROM normalizer.transaction WHERE account_ref = $1 ORDER BY source_entry_index', [account]);
  const announced = async (account: string) =>
    (await dataSource.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' } })).filter((e) => (e.payload as { accountRef: string }).accountRef === account);

  it('stores one canonical transaction per entry, in exact minor units, and announces each once', async () => {
    const account = accountRef();
    await consumer.handleBatch([
      item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'b-1', entryIndex: 0, amount: '42.50' })),
      item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'b-2', entryIndex: 1, amount: '1500', currency: 'JPY' })),
    ]);
    const stored = await rows(account);
    expect(stored.map((r: { amount_minor: string; currency: string; currency_exponent: number }) => [r.amount_minor, r.currency, r.currency_exponent])).toEqual([
      ['4250', 'EUR', 2],
      ['1500', 'JPY', 0],
    ]);
    const events = await announced(account);
    expect(events.map((e) => e.topic)).toEqual(['kontor.transactions.normalized.v1', 'kontor.transactions.normalized.v1']);
    expect(events.map((e) => (e.payload as { transactionId: string }).transactionId)).toEqual(stored.map((r: { id: string }) => r.id));
  });

  it('changes nothing on a redelivered event or a re-sent entry, even within one batch', async () => {
    const account = accountRef();
    const entry = aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'same', entryIndex: 0 });
    const first = item(entry);
    await consumer.handleBatch([first, first]);
    await consumer.handleBatch([first]);
    await consumer.handleBatch([item({ ...entry, feedId: crypto.randomUUID(), entryIndex: 9 })]);
    expect(await rows(account)).toHaveLength(1);
    expect(await announced(account)).toHaveLength(1);
  });

  it('keeps two identical-looking entries with different bank ids apart', async () => {
    const account = accountRef();
    await consumer.handleBatch([
      item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'coffee-1', entryIndex: 0 })),
      item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'coffee-2', entryIndex: 1 })),
    ]);
    expect(await rows(account)).toHaveLength(2);
  });

  it('refuses an amount the currency cannot hold as permanent, storing nothing of the batch', async () => {
    const account = accountRef();
    await expect(
      consumer.handleBatch([
        item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'ok', entryIndex: 0 })),
        item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'bad', entryIndex: 1, amount: '1.005' })),
      ]),
    ).rejects.toThrow(PermanentMessageError);
    expect(await rows(account)).toHaveLength(0);
    // The batch is all or nothing: once retried one by one, the good entry goes through.
    await consumer.handleBatch([item(aFeedEntryReceived({ accountRef: account, feedId: feedOf(account), bankEntryId: 'ok', entryIndex: 0 }))]);
    expect(await rows(account)).toHaveLength(1);
  });
});
