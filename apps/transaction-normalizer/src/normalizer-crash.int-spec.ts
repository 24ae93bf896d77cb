import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { ALL_TOPICS, FeedEntryReceivedV1, MessageHeaders, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { findRepoRoot, startLocalKafka } from '@kontor/local-infra';
import { canonicalIdentity, entryFingerprint } from '@kontor/normalization';
import { eventHeaders, provisionTopics } from '@kontor/platform-kafka';
import { spawnService, ServiceProcess } from '@kontor/platform-launcher';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { uuidV5 } from '@kontor/util';

/**
 * Exactly-once effect of the normalizer as a real process: a large stream, a SIGKILL in the middle, a
 * restart; and the same across a restart of the broker (a private one). "Announced exactly once" with an
 * at-least-once topic means: every canonical transaction's event id is on the topic, no other event id is,
 * and every copy of one event id carries the same payload — so a consumer deduplicating by event id sees
 * each transaction once.
 */
const root = findRepoRoot(__dirname);
const main = join(root, 'dist/apps/transaction-normalizer/src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Stream {
  /** Messages to produce, with their event ids (some twice: a producer retry / redelivery). */
  messages: { entry: FeedEntryReceivedV1; eventId: string }[];
  /** The canonical id every distinct real-world entry must end up as. */
  expectedIds: Set<string>;
  distinctEntries: number;
}

/**
 * `accounts` accounts, each with feeds of `feedSize` entries: half Kontor JSON with bank ids, half CSV
 * without (identical coffees of one day among them), every 20th message delivered twice, and one feed per
 * account sent again under a new feed id (the same real-world entries).
 */
function buildStream(total: number, accounts: number, feedSize: number): Stream {
  const messages: Stream['messages'] = [];
  const expectedIds = new Set<string>();
  let distinctEntries = 0;
  const perAccount = Math.floor(total / accounts);
  for (let a = 0; a < accounts; a++) {
    const accountRef = `acc_crash${String(a).padStart(12, '0')}${uniqueSuffix()}`;
    const feeds: FeedEntryReceivedV1[][] = [];
    for (let start = 0; start < perAccount; start += feedSize) {
      const feedId = crypto.randomUUID();
      const feed: FeedEntryReceivedV1[] = [];
      const occurrences = new Map<string, number>();
      for (let i = 0; i < Math.min(feedSize, perAccount - start); i++) {
        const n = start + i;
        const day = `2026-11-${String(1 + (n % 28)).padStart(2, '0')}`;
        const entry =
          n % 2 === 0
            ? aFeedEntryReceived({ feedId, entryIndex: i, accountRef, bankEntryId: `tx-${a}-${n}`, amount: `${1 + (n % 500)}.${String(n % 100).padStart(2, '0')}`, bookingDate: day })
            : aFeedEntryReceived({
                feedId,
                entryIndex: i,
                accountRef,
                sourceFormat: 'csv',
                bankEntryId: undefined,
                card: undefined,
                merchant: undefined,
                // Every 3rd CSV entry is "the same coffee": same day (one per feed), amount and descriptor.
                description: n % 6 === 3 ? 'KARTENZAHLUNG CAFE EINSTEIN' : `LASTSCHRIFT SHOP ${n}`,
                amount: n % 6 === 3 ? '3.80' : `${n % 90}.99`,
                bookingDate: n % 6 === 3 ? `2026-10-${String(1 + feeds.length).padStart(2, '0')}` : day,
              });
        const fingerprint = entryFingerprint(entry);
        const occurrence = occurrences.get(fingerprint) ?? 0;
        occurrences.set(fingerprint, occurrence + 1);
        expectedIds.add(canonicalIdentity(entry, { occurrence, bankIdRepeatedInFeed: false }).transactionId);
        feed.push(entry);
      }
      distinctEntries += feed.length;
      feeds.push(feed);
    }
    const resent = feeds[0].map((entry) => ({ ...entry, feedId: uuidV5(`resent|${entry.feedId}`) }));
    for (const entry of [...feeds.flat(), ...resent]) {
      const eventId = crypto.randomUUID();
      messages.push({ entry, eventId });
      if (messages.length % 20 === 0) messages.push({ entry, eventId });
    }
  }
  return { messages, expectedIds, distinctEntries };
}

async function produce(kafka: Kafka, topic: string, stream: Stream): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < stream.messages.length; i += 1000) {
    await producer.send({
      topic,
      acks: -1,
      messages: stream.messages.slice(i, i + 1000).map(({ entry, eventId }) => ({
        key: entry.accountRef,
        value: JSON.stringify(entry),
        headers: eventHeaders(Topics.feedEntryReceived, 'bank-ingestion', eventId, `00-${uuidV5(eventId).replace(/-/g, '')}-${'1'.repeat(16)}-01`),
      })),
    });
  }
  await producer.disconnect();
}

async function readTopic(kafka: Kafka, topic: string, atLeast: number, timeoutMs: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `crash-reader-${uniqueSuffix()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let last = Date.now();
  await consumer.run({ eachMessage: async ({ message }) => void (messages.push(message), (last = Date.now())) });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (messages.length < atLeast || Date.now() - last < 2000)) await new Promise((r) => setTimeout(r, 200));
  await consumer.disconnect();
  return messages;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function verifyExactlyOnce(db: Client, kafka: Kafka, prefix: string, stream: Stream): Promise<void> {
  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*)::int FROM normalizer.transaction) AS rows, (SELECT count(DISTINCT id)::int FROM normalizer.transaction) AS ids,
              (SELECT count(*)::int FROM normalizer.feed_entry) AS entries, (SELECT count(*)::int FROM normalizer.processed_event) AS claimed,
              (SELECT count(*)::int FROM normalizer.outbox_event) AS unpublished`,
    )
  ).rows as { rows: number; ids: number; entries: number; claimed: number; unpublished: number }[];
  const distinctEvents = new Set(stream.messages.map((m) => m.eventId)).size;
  expect(counts).toEqual({ rows: stream.expectedIds.size, ids: stream.expectedIds.size, entries: distinctEvents, claimed: distinctEvents, unpublished: 0 });
  const storedIds = new Set(((await db.query('SELECT id FROM normalizer.transaction')).rows as { id: string }[]).map((r) => r.id));
  expect(storedIds).toEqual(stream.expectedIds);

  const published = await readTopic(kafka, prefix + Topics.transactionNormalized.name, stream.expectedIds.size, 120_000);
  const byEventId = new Map<string, string>();
  for (const message of published) {
    const eventId = message.headers![MessageHeaders.eventId]!.toString();
    const tx = JSON.parse(message.value!.toString()) as NormalizedTransactionV1;
    const fingerprint = `${tx.transactionId}|${tx.revision}|${tx.amountMinor}|${tx.status}`;
    // A copy of an event id (republished after the crash) must be the same announcement.
    expect(byEventId.get(eventId) ?? fingerprint).toBe(fingerprint);
    byEventId.set(eventId, fingerprint);
  }
  const expectedEventIds = new Set([...stream.expectedIds].map((id) => uuidV5(`${Topics.transactionNormalized.name}|${id}|1`)));
  expect(new Set(byEventId.keys())).toEqual(expectedEventIds);
  expect(new Set([...byEventId.values()].map((v) => v.split('|')[0]))).toEqual(stream.expectedIds);
  console.log(
    `exactly-once: ${stream.messages.length} messages (${distinctEvents} event ids, ${stream.distinctEntries} distinct entries) → ${counts.rows} transactions; ` +
      `${published.length} messages on the topic carrying ${byEventId.size} event ids`,
  );
}

function spawnNormalizer(env: NodeJS.ProcessEnv, port: number, log: string[]): ServiceProcess {
  return spawnService({ root, name: 'transaction-normalizer', port, env, onLine: (_s, line) => void (log.push(line), log.length > 200 && log.shift()) });
}

describe('transaction-normalizer as a process: exactly-once effect', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the integration tests`);
  });

  it('stores and announces every entry exactly once although it is SIGKILLed in the middle of a large stream', async () => {
    const database = await createTestDatabase('normalizer_crash');
    const prefix = uniqueTopicPrefix('crash');
    const kafka = new Kafka({ clientId: 'crash-test', brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const db = new Client({ connectionString: database.url });
    const log: string[] = [];
    let service: ServiceProcess | undefined;
    try {
      await admin.connect();
      await provisionTopics(admin, ALL_TOPICS, prefix);
      const stream = buildStream(20_000, 40, 250);
      await produce(kafka, prefix + Topics.feedEntryReceived.name, stream);
      const env = { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers(), KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
      const port = await freePort();
      service = spawnNormalizer(env, port, log);
      await service.waitReady(90_000);
      await db.connect();
      const stored = async () => Number((await db.query('SELECT count(*) AS n FROM normalizer.transaction')).rows[0].n);
      await waitFor('a third of the stream stored', async () => (await stored()) >= stream.expectedIds.size / 3, 120_000);
      service.child.kill('SIGKILL');
      await service.exited;
      const atKill = await stored();
      expect(atKill).toBeLessThan(stream.expectedIds.size);

      service = spawnNormalizer(env, port, log);
      await service.waitReady(90_000);
      // Every entry can be stored while duplicates behind it are still queued: wait for every event id to be
      // consumed (claimed), not only for the rows, before stopping.
      const distinctEvents = new Set(stream.messages.map((m) => m.eventId)).size;
      await waitFor(
        'every message consumed, every entry stored and announced',
        async () =>
          (await stored()) >= stream.expectedIds.size &&
          Number((await db.query('SELECT count(*) AS n FROM normalizer.processed_event')).rows[0].n) >= distinctEvents &&
          Number((await db.query('SELECT count(*) AS n FROM normalizer.outbox_event')).rows[0].n) === 0,
        150_000,
      );
      await service.stop();
      console.log(`killed with ${atKill}/${stream.expectedIds.size} stored`);
      await verifyExactlyOnce(db, kafka, prefix, stream);
    } catch (error) {
      console.error(`normalizer output:\n${log.join('\n')}`);
      throw error;
    } finally {
      await service?.stop();
      await db.end().catch(() => undefined);
      await admin.disconnect();
      await database.drop();
    }
  }, 420_000);

  it('loses and doubles nothing when its broker restarts in the middle of the stream (a private broker)', async () => {
    const brokerPort = 42600 + Math.floor(Math.random() * 50) * 2;
    const dataDir = mkdtempSync(join(tmpdir(), 'kontor-normalizer-broker-'));
    const database = await createTestDatabase('normalizer_broker');
    const log: string[] = [];
    let broker = await startLocalKafka({ root, port: brokerPort, dataDir });
    const kafka = new Kafka({ clientId: 'broker-restart-test', brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 300 } });
    const db = new Client({ connectionString: database.url });
    let service: ServiceProcess | undefined;
    try {
      const admin = kafka.admin();
      await admin.connect();
      await provisionTopics(admin, ALL_TOPICS, '');
      await admin.disconnect();
      const stream = buildStream(6_000, 12, 250);
      const half = Math.floor(stream.messages.length / 2);
      const later = { ...stream, messages: stream.messages.slice(half) };
      await produce(kafka, Topics.feedEntryReceived.name, { ...stream, messages: stream.messages.slice(0, half) });
      const env = { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC_PREFIX: '', LOG_LEVEL: 'error' };
      service = spawnNormalizer(env, await freePort(), log);
      await service.waitReady(90_000);
      await db.connect();
      const stored = async () => Number((await db.query('SELECT count(*) AS n FROM normalizer.transaction')).rows[0].n);
      await waitFor('some of the stream stored', async () => (await stored()) >= 500, 120_000);
      await broker.stop();
      const atStop = await stored();
      await new Promise((r) => setTimeout(r, 3000));
      broker = await startLocalKafka({ root, port: brokerPort, dataDir });
      // The rest of the stream arrives after the restart, so the outage is in the middle of it.
      await produce(kafka, Topics.feedEntryReceived.name, later);
      const distinctEvents = new Set(stream.messages.map((m) => m.eventId)).size;
      await waitFor(
        'every message consumed, every entry stored and announced after the broker came back',
        async () =>
          (await stored()) >= stream.expectedIds.size &&
          Number((await db.query('SELECT count(*) AS n FROM normalizer.processed_event')).rows[0].n) >= distinctEvents &&
          Number((await db.query('SELECT count(*) AS n FROM normalizer.outbox_event')).rows[0].n) === 0,
        180_000,
      );
      await service.stop();
      console.log(`broker stopped with ${atStop}/${stream.expectedIds.size} stored`);
      await verifyExactlyOnce(db, kafka, '', stream);
    } catch (error) {
      console.error(`normalizer output:\n${log.join('\n')}`);
      throw error;
    } finally {
      await service?.stop();
      await db.end().catch(() => undefined);
      await broker.stop().catch(() => undefined);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 480_000);
});
