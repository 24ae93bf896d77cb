import 'reflect-metadata';
import { Client } from 'pg';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ALL_TOPICS, FeedEntryReceivedV1, Topics } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { dropDatabase, ensureDatabase } from '@kontor/local-infra';
import { eventHeaders, newTraceparent, provisionTopics } from '@kontor/platform-kafka';
import { findRepoRoot } from '@kontor/local-infra';
import { spawnService } from '@kontor/platform-launcher';

/**
 * Sustained normalized transactions per second into PostgreSQL, against the raw Kafka consume rate of the
 * same messages on the same broker in the same run (the ceiling). See bench/normalizer/README.md.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 20_000);
const ACCOUNTS = arg('accounts', 60);
const RUNS = arg('runs', 3);
const BATCH = arg('batch', 200);
const PORT = arg('port', 3702);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function entries(run: string): FeedEntryReceivedV1[] {
  const list: FeedEntryReceivedV1[] = [];
  const feeds = Array.from({ length: ACCOUNTS }, () => crypto.randomUUID());
  for (let n = 0; n < N; n++) {
    const a = n % ACCOUNTS;
    const accountRef = `acc_bench${run}${String(a).padStart(10, '0')}`;
    const common = { feedId: feeds[a], entryIndex: Math.floor(n / ACCOUNTS), accountRef, bookingDate: `2026-11-${String(1 + (n % 28)).padStart(2, '0')}` };
    // Half with bank ids (Kontor JSON), half CSV without (fingerprint identity), all enriched.
    list.push(
      n % 2 === 0
        ? aFeedEntryReceived({ ...common, bankEntryId: `b-${n}`, amount: `${1 + (n % 300)}.${String(n % 100).padStart(2, '0')}`, description: 'SQ *BLUE BTL 0412 OAKLAND CA' })
        : aFeedEntryReceived({ ...common, sourceFormat: 'csv', bankEntryId: undefined, card: undefined, merchant: undefined, description: `KARTENZAHLUNG REWE MARKT ${n % 97} BERLIN`, amount: `${n % 80}.99` }),
    );
  }
  return list;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!serverUrl || !brokers) throw new Error('set DATABASE_URL (a server to create a bench database on) and KAFKA_BROKERS');
  const results: { raw: number; normalized: number; wall: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const run = `${Date.now().toString(36)}${r}`;
    const prefix = `bench-norm-${run}.`;
    const database = `kontor_bench_norm_${run}`;
    const url = await ensureDatabase(serverUrl, database);
    const kafka = new Kafka({ clientId: 'bench-normalizer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await provisionTopics(admin, ALL_TOPICS, prefix);
      const topic = prefix + Topics.feedEntryReceived.name;
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const list = entries(run);
      for (let i = 0; i < list.length; i += 1000) {
        await producer.send({
          topic,
          acks: -1,
          messages: list.slice(i, i + 1000).map((e) => ({ key: e.accountRef, value: JSON.stringify(e), headers: eventHeaders(Topics.feedEntryReceived, 'bank-ingestion', crypto.randomUUID(), newTraceparent()) })),
        });
      }
      await producer.disconnect();

      // Ceiling: a plain kafkajs consumer group reading the same N messages, batch by batch, doing nothing.
      const raw = kafka.consumer({ groupId: `${prefix}raw` });
      await raw.connect();
      await raw.subscribe({ topic, fromBeginning: true });
      let consumed = 0;
      let firstAt = 0;
      const rawSeconds = await new Promise<number>((resolve) => {
        void raw.run({
          eachBatch: async ({ batch }) => {
            if (firstAt === 0) firstAt = performance.now();
            consumed += batch.messages.length;
            if (consumed >= N) resolve((performance.now() - firstAt) / 1000);
          },
        });
      });
      await raw.disconnect();

      // The built normalizer as its own process (as deployed) on the same messages, into PostgreSQL.
      const service = spawnService({
        root: findRepoRoot(__dirname),
        name: 'transaction-normalizer',
        port: PORT,
        env: { ...process.env, DATABASE_URL: url, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, NORMALIZER_BATCH_SIZE: String(BATCH), LOG_LEVEL: 'error' },
      });
      const started = performance.now();
      await service.waitReady(120_000);
      const db = new Client({ connectionString: url });
      await db.connect();
      for (;;) {
        const { rows } = await db.query('SELECT count(*)::int AS n FROM normalizer.transaction');
        if (rows[0].n >= N) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      const wall = (performance.now() - started) / 1000;
      // Sustained: between the first and the last stored row, so start-up and group join do not count.
      const { rows } = await db.query('SELECT extract(epoch FROM max(normalized_at) - min(normalized_at))::float8 AS s FROM normalizer.transaction');
      await db.end();
      await service.stop();
      const result = { raw: N / rawSeconds, normalized: N / Math.max(rows[0].s as number, 0.001), wall: N / wall };
      results.push(result);
      console.error(`run ${r + 1}/${RUNS}: raw ${result.raw.toFixed(0)} msg/s, normalized ${result.normalized.toFixed(0)} tx/s (${result.wall.toFixed(0)} incl. start-up)`);
      const names = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics: names }).catch(() => undefined);
    } finally {
      await admin.disconnect();
      await dropDatabase(serverUrl, database).catch(() => undefined);
    }
  }
  const raw = median(results.map((x) => x.raw));
  const normalized = median(results.map((x) => x.normalized));
  console.log(`\nnormalizer throughput: N=${N} entries, ${ACCOUNTS} accounts over ${Topics.feedEntryReceived.partitions} partitions, batch ${BATCH}, ${RUNS} run(s), medians\n`);
  console.log('| figure | ' + results.map((_, i) => `run ${i + 1}`).join(' | ') + ' | **median** |');
  console.log('| --- | ' + results.map(() => '---:').join(' | ') + ' | ---: |');
  console.log(`| raw kafkajs consume msg/s (ceiling) | ${results.map((x) => x.raw.toFixed(0)).join(' | ')} | **${raw.toFixed(0)}** |`);
  console.log(`| normalized tx/s into PostgreSQL (sustained) | ${results.map((x) => x.normalized.toFixed(0)).join(' | ')} | **${normalized.toFixed(0)}** |`);
  console.log(`| normalized tx/s incl. start-up | ${results.map((x) => x.wall.toFixed(0)).join(' | ')} | ${median(results.map((x) => x.wall)).toFixed(0)} |`);
  console.log(`| **ratio normalized ÷ raw** | ${results.map((x) => (x.normalized / x.raw).toFixed(3)).join(' | ')} | **${(normalized / raw).toFixed(3)}** |`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
