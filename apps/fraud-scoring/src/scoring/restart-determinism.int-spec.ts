import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import { NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { assessTransaction, DEFAULT_RULE_SET, emptyProfile, FraudAssessment, ProfilePair } from '@kontor/fraud-rules';
import { loadConfig } from '@kontor/platform-config';
import { eventHeaders } from '@kontor/platform-kafka';
import { createService } from '@kontor/platform-runtime';
import { collectAllMessages, createTestDatabase, eventually, testKafka, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';
import { uuidV5 } from '@kontor/util';
import { FraudConfig } from '../fraud.config';
import { FraudModule } from '../fraud.module';
import { FRAUD_GROUP } from './normalized-transaction.consumer';

/** A small seeded PRNG (mulberry32): the same stream on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = 12;
const PER_ACCOUNT = 45;

/**
 * Per account: weeks of everyday debits, then trips, bursts, card tests, cash-outs and big purchases, so the
 * profile-dependent typologies really fire; every transaction id and timestamp comes from the seed.
 */
function stream(seed: number): NormalizedTransactionV1[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const all: NormalizedTransactionV1[][] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const accountRef = `acc_determinism${String(a).padStart(8, '0')}`;
    const card = { token: `card_determinism${String(a).padStart(8, '0')}`, last4: String(1000 + a) };
    let at = Date.parse('2026-08-01T08:00:00Z') + a * 3_600_000;
    const txs: NormalizedTransactionV1[] = [];
    for (let i = 0; i < PER_ACCOUNT; i++) {
      // Weeks of habits, then a run of rapid payments (a burst, or card tests), then a mix of everything.
      const kind = i <= 30 ? 'normal' : i <= 36 ? (a % 2 === 0 ? 'burst' : 'test') : pick(['normal', 'trip', 'burst', 'test', 'cash', 'big']);
      at += kind === 'burst' || kind === 'test' ? 60_000 : kind === 'trip' ? 1_800_000 : Math.floor(random() * 2 * 86_400_000);
      const merchant =
        kind === 'trip'
          ? { name: pick(['Deli NYC', 'Tokyo Ramen', 'Cafe Paris']), mcc: '5812', ...pick([{ city: 'New York', country: 'US' }, { city: 'Tokyo', country: 'JP' }, { city: 'Paris', country: 'FR' }]) }
          : kind === 'cash'
            ? { name: 'ATM Alexanderplatz', mcc: '6011', city: 'Berlin', country: 'DE' }
            : kind === 'big'
              ? { name: 'Electronics Mega', mcc: '5732', city: 'Berlin', country: 'DE' }
              : { name: pick(['REWE', 'Blue Bottle', 'dm', 'BVG']), mcc: pick(['5411', '5814', '5912', '4111']), city: 'Berlin', country: 'DE' };
      const amount = kind === 'test' ? 1 + Math.floor(random() * 200) : kind === 'cash' ? 50000 : kind === 'big' ? 150000 + Math.floor(random() * 100000) : 300 + Math.floor(random() * 6000);
      txs.push(
        aNormalizedTransaction({
          transactionId: uuidV5(`determinism|${seed}|${a}|${i}`),
          accountRef,
          card,
          amountMinor: String(amount),
          occurredAt: new Date(at).toISOString(),
          bookingDate: new Date(at).toISOString().slice(0, 10),
          cardPresent: kind !== 'test' && kind !== 'big',
          merchant,
          source: { feedId: uuidV5(`feed|${seed}|${a}`), entryIndex: i, format: 'kontor-json' },
        }),
      );
    }
    all.push(txs);
  }
  // Interleave accounts the way a feed would, each account's transactions staying in order.
  const out: NormalizedTransactionV1[] = [];
  for (let i = 0; i < PER_ACCOUNT; i++) for (const txs of all) out.push(txs[i]);
  return out;
}

/** The uninterrupted run: the same library code, in one process, one transaction after another. */
function reference(txs: readonly NormalizedTransactionV1[]): Map<string, FraudAssessment> {
  const accounts = new Map<string, ProfilePair>();
  const result = new Map<string, FraudAssessment>();
  for (const tx of txs) {
    if (result.has(tx.transactionId)) continue;
    const profiles = accounts.get(tx.accountRef) ?? { account: emptyProfile() };
    const { assessment, next } = assessTransaction(tx, profiles, DEFAULT_RULE_SET);
    accounts.set(tx.accountRef, next);
    result.set(tx.transactionId, assessment);
  }
  return result;
}

/**
 * A restart or a rebalance in the middle of a stream changes no score: the service scores a stream while a
 * second instance joins (rebalance), the first leaves, the group's offsets are reset to the beginning (every
 * message redelivered, as after a crash before any commit) and a third instance finishes; duplicates are
 * produced on purpose. Every stored score must equal the uninterrupted in-process run.
 */
describe('scores are deterministic across restarts, rebalances and redeliveries (real Kafka and PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let producer: Producer;
  const prefix = uniqueTopicPrefix('fraud-determinism');
  const topic = `${prefix}${Topics.transactionNormalized.name}`;
  const apps: INestApplication[] = [];

  const startInstance = async () => {
    const config = loadConfig(FraudConfig, { DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers(), KAFKA_TOPIC_PREFIX: prefix });
    const app = await createService(FraudModule.register(config), { service: 'fraud-scoring', logLevel: 'error' });
    await app.init();
    apps.push(app);
    return app;
  };
  const produce = async (txs: readonly NormalizedTransactionV1[], eventIdOf: (tx: NormalizedTransactionV1) => string) => {
    await producer.send({
      topic,
      messages: txs.map((tx) => ({
        key: tx.accountRef,
        value: JSON.stringify(tx),
        headers: eventHeaders(Topics.transactionNormalized, 'transaction-normalizer', eventIdOf(tx), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      })),
    });
  };
  const scoredCount = async (dataSource: DataSource) => (await dataSource.query('SELECT count(*)::int AS n FROM fraud.transaction_score'))[0].n as number;
  const eventIdOf = (tx: NormalizedTransactionV1) => uuidV5(`normalized|${tx.transactionId}|${tx.revision}`);

  beforeAll(async () => {
    database = await createTestDatabase('fraud_determinism');
    producer = testKafka().producer();
    await producer.connect();
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await producer.disconnect();
    await database.drop();
  });

  it('stores exactly the scores of an uninterrupted run', async () => {
    const txs = stream(20261201);
    const expected = reference(txs);
    const third = Math.floor(txs.length / 3);
    const waves = [txs.slice(0, third), txs.slice(third, 2 * third), txs.slice(2 * third)];

    // Wave 1 on instance A alone (it provisions the topics).
    const a = await startInstance();
    const dataSource = a.get(DataSource);
    await produce(waves[0], eventIdOf);
    await eventually(async () => ((await scoredCount(dataSource)) >= waves[0].length ? true : undefined), 60_000, 200);

    // Wave 2: B joins (rebalance), and A leaves while wave 2 is being scored (rebalance again).
    const b = await startInstance();
    await produce(waves[1], eventIdOf);
    // Redeliveries: some of wave 1 again with the same event ids, some as a new event of the same revision.
    await produce(waves[0].filter((_, i) => i % 7 === 0), eventIdOf);
    await produce(waves[0].filter((_, i) => i % 11 === 0), (tx) => uuidV5(`republished|${tx.transactionId}`));
    await new Promise((r) => setTimeout(r, 300));
    await a.close();
    apps.splice(apps.indexOf(a), 1);
    await eventually(async () => ((await scoredCount(b.get(DataSource))) >= 2 * third ? true : undefined), 60_000, 200);
    await b.close();
    apps.splice(apps.indexOf(b), 1);

    // As after a crash before any commit: every message of the topic is delivered again, then wave 3.
    const admin = testKafka().admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: `${prefix}${FRAUD_GROUP}`, topic, earliest: true });
    await admin.disconnect();
    const c = await startInstance();
    await produce(waves[2], eventIdOf);
    const finalSource = c.get(DataSource);
    await eventually(async () => ((await scoredCount(finalSource)) >= txs.length ? true : undefined), 60_000, 200);

    const rows: { transaction_id: string; score: number; decision: string; reasons: { code: string; points: number }[]; rule_set_version: string; alert_id: string | null }[] = await finalSource.query(
      'SELECT transaction_id, score, decision, reasons, rule_set_version, alert_id FROM fraud.transaction_score',
    );
    expect(rows).toHaveLength(expected.size);
    const actual = Object.fromEntries(rows.map((r) => [r.transaction_id, { score: r.score, decision: r.decision, reasons: r.reasons, ruleSetVersion: r.rule_set_version }]));
    expect(actual).toEqual(Object.fromEntries([...expected].map(([id, s]) => [id, { score: s.score, decision: s.decision, reasons: s.reasons, ruleSetVersion: s.ruleSetVersion }])));

    // The stream was not trivial: the profile-dependent typologies fired and raised alerts.
    const codes = new Set([...expected.values()].flatMap((s) => s.reasons.map((r) => r.code)));
    for (const code of ['IMPOSSIBLE_TRAVEL', 'CARD_TESTING', 'VELOCITY_BURST', 'NEW_COUNTRY']) expect(codes).toContain(code);
    const alerts = [...expected.values()].filter((s) => s.decision === 'alert').length;
    expect(alerts).toBeGreaterThan(5);
    expect(rows.filter((r) => r.alert_id !== null)).toHaveLength(alerts);
    expect((await finalSource.query('SELECT count(*)::int AS n FROM fraud.fraud_case'))[0].n).toBe(alerts);

    // On Kafka: one alert event per alerted transaction, whatever was redelivered (ids are deterministic).
    const alertMessages = await collectAllMessages(`${prefix}${Topics.fraudAlertRaised.name}`, 2000, 60_000);
    expect(new Set(alertMessages.map((m) => JSON.parse(m.value!.toString()).transactionId)).size).toBe(alerts);
  });
});
