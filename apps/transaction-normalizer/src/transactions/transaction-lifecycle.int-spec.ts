import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountBalanceV1, BalanceReportedV1, FeedEntryReceivedV1, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { aFeedEntryReceived } from '@kontor/contracts/testing';
import { loadConfig } from '@kontor/platform-config';
import { OutboxEventEntity, OutboxRelay } from '@kontor/platform-outbox';
import { createService } from '@kontor/platform-runtime';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { BalanceReportedConsumer } from '../balances/balance-reported.consumer';
import { NormalizerConfig } from '../normalizer.config';
import { NormalizerModule } from '../normalizer.module';
import { FeedEntryConsumer } from './feed-entry.consumer';
import { PendingExpiryScheduler } from './pending-expiry.scheduler';

/**
 * Dedup without bank ids, pending→booked, expiry, reversals and balances against real PostgreSQL, through
 * the consumers' batch handlers (the Kafka side is covered by the ContractConsumer and the SIGKILL test).
 */
describe('transaction lifecycle (real PostgreSQL)', () => {
  let app: INestApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let entries: FeedEntryConsumer;
  let balances: BalanceReportedConsumer;
  let expiry: PendingExpiryScheduler;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('normalizer_lifecycle');
    const config = loadConfig(NormalizerConfig, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('lifecycle'),
      NORMALIZER_PENDING_EXPIRY_DAYS: '7',
      NORMALIZER_EXPIRY_INTERVAL_MS: '200',
    });
    app = await createService(NormalizerModule.register(config), { service: 'transaction-normalizer', logLevel: 'error' });
    await app.init();
    await app.get(OutboxRelay, { strict: false }).stop();
    entries = app.get(FeedEntryConsumer);
    balances = app.get(BalanceReportedConsumer);
    expiry = app.get(PendingExpiryScheduler);
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  // Pending entries expire by booking date against the wall clock (the scheduler runs every 200 ms here), so
  // the lifecycle tests use dates relative to today, well inside NORMALIZER_PENDING_EXPIRY_DAYS.
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const newAccount = () => `acc_life${uniqueSuffix()}${uniqueSuffix()}${uniqueSuffix()}`;
  const context = (message: { accountRef: string }) => ({ eventId: crypto.randomUUID(), topic: 't', partition: 0, offset: '0', key: message.accountRef, traceparent: undefined });
  const feed = (account: string, list: Partial<FeedEntryReceivedV1>[], feedId: string = crypto.randomUUID()) =>
    entries.handleBatch(list.map((overrides, entryIndex) => {
      const message = aFeedEntryReceived({ accountRef: account, feedId, entryIndex, bookingDate: daysAgo(1), ...overrides });
      return { message, context: context(message) };
    }));
  const stored = (account: string) =>
    dataSource.query('SELECT id, status, revision, payload FROM normalizer.transaction WHERE account_ref = $1 ORDER BY created_at, source_entry_index', [account]) as Promise<
      { id: string; status: string; revision: number; payload: NormalizedTransactionV1 }[]
    >;
  const announced = async <T>(account: string, topic = Topics.transactionNormalized.name) =>
    (await dataSource.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' } }))
      .filter((e) => e.topic === topic && (e.payload as { accountRef: string }).accountRef === account)
      .map((e) => ({ eventId: e.eventId, payload: e.payload as T }));

  const coffee: Partial<FeedEntryReceivedV1> = { sourceFormat: 'csv', bankEntryId: undefined, card: undefined, merchant: undefined, description: 'KARTENZAHLUNG CAFE EINSTEIN BERLIN', amount: '3.80' };

  it('keeps two identical coffees of one day as two transactions, and maps a re-sent feed onto them', async () => {
    const account = newAccount();
    await feed(account, [coffee, { ...coffee, amount: '12.00', description: 'REWE MARKT' }, coffee]);
    expect(await stored(account)).toHaveLength(3);
    await feed(account, [coffee, { ...coffee, amount: '12.00', description: 'REWE MARKT' }, coffee]);
    // A longer re-sent statement: the two coffees plus a third of the same day, which is new.
    await feed(account, [coffee, coffee, coffee]);
    const rows = await stored(account);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.payload.identity))).toEqual(new Set(['fingerprint']));
    expect(await announced(account)).toHaveLength(4);
  });

  it('posts a pending card payment whose amount grew by a tip, under a new id two days later', async () => {
    const account = newAccount();
    await feed(account, [{ status: 'pending', bankEntryId: 'AUTH-77', amount: '50.00', bookingDate: daysAgo(3), description: 'SQ *TRATTORIA DA MARIO' }]);
    await feed(account, [{ status: 'booked', bankEntryId: 'POST-991', amount: '60.00', bookingDate: daysAgo(1), description: 'SQ *TRATTORIA DA MARIO 0412' }]);
    const [pending, booked] = await stored(account);
    expect(booked.payload).toMatchObject({ status: 'booked', revision: 1, supersedes: { transactionId: pending.id, relation: 'posts-pending' } });
    expect(booked.payload.supersedes!.confidence).toBeGreaterThanOrEqual(600);
    expect(pending).toMatchObject({ status: 'superseded', revision: 2 });
    expect(pending.payload.supersededBy).toEqual({ transactionId: booked.id, relation: 'posts-pending', confidence: booked.payload.supersedes!.confidence });
    // Announced: the pending one, the booked one, then the pending one's superseded revision — each event id once.
    const events = await announced<NormalizedTransactionV1>(account);
    expect(events.map((e) => [e.payload.transactionId, e.payload.revision, e.payload.status])).toEqual([
      [pending.id, 1, 'pending'],
      [booked.id, 1, 'booked'],
      [pending.id, 2, 'superseded'],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
  });

  it('posts a pending one that arrives in the same batch as its booked one, and does not link an unrelated payment', async () => {
    const account = newAccount();
    await feed(account, [
      { status: 'pending', bankEntryId: 'A-1', amount: '20.00', description: 'UBER TRIP' },
      { status: 'booked', bankEntryId: 'B-1', amount: '20.00', description: 'UBER *TRIP HELP.UBER.COM' },
      { status: 'booked', bankEntryId: 'B-2', amount: '95.00', description: 'ZALANDO SE', card: { token: 'card_other0000000000000001', last4: '9999' } },
    ]);
    const rows = await stored(account);
    expect(rows.map((r) => [r.status, r.payload.supersedes?.relation ?? null])).toEqual([
      ['superseded', null],
      ['booked', 'posts-pending'],
      ['booked', null],
    ]);
  });

  it('links a pending entry that arrives after its booked one: born superseded, the booked one gets the link in a new revision', async () => {
    const account = newAccount();
    await feed(account, [{ status: 'booked', bankEntryId: 'POST-5', amount: '18.40', bookingDate: daysAgo(1), description: 'PAYPAL *SPOTIFY 35314369001' }]);
    await feed(account, [{ status: 'pending', bankEntryId: 'AUTH-5', amount: '18.40', bookingDate: daysAgo(2), description: 'PAYPAL *SPOTIFY' }]);
    const [booked, pending] = await stored(account);
    expect(pending).toMatchObject({ status: 'superseded', revision: 1 });
    expect(pending.payload.supersededBy).toMatchObject({ transactionId: booked.id, relation: 'posts-pending' });
    expect(booked).toMatchObject({ status: 'booked', revision: 2 });
    expect(booked.payload.supersedes).toEqual({ transactionId: pending.id, relation: 'posts-pending', confidence: pending.payload.supersededBy!.confidence });
    expect((await announced<NormalizedTransactionV1>(account)).map((e) => [e.payload.transactionId, e.payload.revision, e.payload.status])).toEqual([
      [booked.id, 1, 'booked'],
      [pending.id, 1, 'superseded'],
      [booked.id, 2, 'booked'],
    ]);
  });

  it('expires a pending one that never posted, and the scheduler does it on its own', async () => {
    const account = newAccount();
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const recent = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await feed(account, [
      { status: 'pending', bankEntryId: 'OLD', bookingDate: old },
      { status: 'pending', bankEntryId: 'NEW', bookingDate: recent },
    ]);
    // The app's scheduler runs every 200 ms in this test.
    for (let i = 0; i < 50 && (await stored(account)).every((r) => r.status === 'pending'); i++) await new Promise((r) => setTimeout(r, 100));
    const rows = await stored(account);
    expect(rows.map((r) => [r.payload.source.bankEntryId, r.status, r.revision])).toEqual([
      ['OLD', 'expired', 2],
      ['NEW', 'pending', 1],
    ]);
    expect(await expiry.expireDue(new Date())).toBe(0);
    expect((await announced<NormalizedTransactionV1>(account)).map((e) => e.payload.status)).toEqual(['pending', 'pending', 'expired']);
  });

  it('forgets feed entries past their retention, and only those', async () => {
    const account = newAccount();
    await feed(account, [coffee, coffee]);
    const count = async () => Number((await dataSource.query('SELECT count(*) AS n FROM normalizer.feed_entry')).at(0).n);
    const before = await count();
    expect(await expiry.pruneFeedEntries(new Date())).toBe(0);
    expect(await expiry.pruneFeedEntries(new Date(Date.now() + 36 * 86_400_000))).toBe(before);
    expect(await count()).toBe(0);
    expect(await stored(account)).toHaveLength(2);
  });

  it('links a reversal to what it reverses and marks that one reversed; links a refund without changing the debit', async () => {
    const account = newAccount();
    await feed(account, [
      { bankEntryId: 'DD-1', amount: '89.99', card: undefined, description: 'SEPA LASTSCHRIFT VODAFONE GMBH', references: { endToEndId: 'E2E-VF-1' }, bookingDate: '2026-11-02' },
      { bankEntryId: 'CARD-1', amount: '120.00', description: 'ZALANDO SE BERLIN', merchant: { name: 'ZALANDO SE', mcc: '5651' }, bookingDate: '2026-11-03' },
    ]);
    await feed(account, [
      { bankEntryId: 'RV-1', amount: '89.99', creditDebit: 'CRDT', reversal: true, card: undefined, description: 'RUECKLASTSCHRIFT VODAFONE', references: { endToEndId: 'E2E-VF-1' }, bookingDate: '2026-11-05' },
      { bankEntryId: 'RF-1', amount: '40.00', creditDebit: 'CRDT', description: 'ZALANDO SE ERSTATTUNG', merchant: { name: 'ZALANDO SE', mcc: '5651' }, bookingDate: '2026-11-10' },
    ]);
    const [debit, purchase, reversal, refund] = await stored(account);
    expect(debit).toMatchObject({ status: 'reversed', revision: 2 });
    expect(reversal.payload.supersedes).toEqual({ transactionId: debit.id, relation: 'reverses', confidence: 1000 });
    expect(debit.payload.supersededBy).toEqual({ transactionId: reversal.id, relation: 'reverses', confidence: 1000 });
    expect(refund.payload.supersedes).toMatchObject({ transactionId: purchase.id, relation: 'refunds' });
    expect(purchase).toMatchObject({ status: 'booked', revision: 1 });
    expect(refund.payload.category?.detailed).toBe('income.refund');
  });

  it('keeps stated balances, checks them against the transactions between, and publishes the computed balance', async () => {
    const account = newAccount();
    const statement = (balanceType: BalanceReportedV1['balanceType'], asOfDate: string, amount: string, creditDebit: 'CRDT' | 'DBIT' = 'CRDT'): BalanceReportedV1 => ({
      feedId: crypto.randomUUID(),
      bankId: 'demo-bank',
      sourceFormat: 'camt.053',
      accountRef: account,
      accountMasked: 'DE89 •••• 3000',
      balanceType,
      amount,
      currency: 'EUR',
      creditDebit,
      asOfDate,
    });
    const report = (b: BalanceReportedV1) => balances.handleBatch([{ message: b, context: context(b) }]);
    await report(statement('closing-booked', '2026-11-01', '100.00'));
    await feed(account, [
      { bankEntryId: 'T1', amount: '30.00', bookingDate: '2026-11-02' },
      { bankEntryId: 'T2', amount: '5.50', creditDebit: 'CRDT', bookingDate: '2026-11-02' },
      { bankEntryId: 'T3', amount: '999.00', status: 'pending', bookingDate: '2026-11-02' },
    ]);
    await report(statement('closing-booked', '2026-11-02', '75.50'));
    await report(statement('closing-booked', '2026-11-03', '70.00'));
    const published = await announced<AccountBalanceV1>(account, Topics.accountBalance.name);
    expect(published.map((e) => [e.payload.basis, e.payload.bookedMinor, e.payload.check])).toEqual([
      ['statement', '10000', { status: 'unchecked' }],
      ['computed', '7550', { status: 'unchecked' }],
      ['statement', '7550', { status: 'consistent', differenceMinor: '0' }],
      ['statement', '7000', { status: 'mismatch', differenceMinor: '-550' }],
    ]);
    // A statement that arrives before its transactions is checked again once they are in.
    await feed(account, [{ bankEntryId: 'T4', amount: '5.50', bookingDate: '2026-11-03' }]);
    const last = (await announced<AccountBalanceV1>(account, Topics.accountBalance.name)).at(-1)!.payload;
    expect(last).toMatchObject({ basis: 'computed', bookedMinor: '7000', check: { status: 'consistent', differenceMinor: '0' } });
    const rows = await dataSource.query('SELECT as_of_date::text AS d, amount_minor::text AS a, check_status AS s FROM normalizer.balance_statement WHERE account_ref = $1 ORDER BY as_of_date', [account]);
    expect(rows).toEqual([
      { d: '2026-11-01', a: '10000', s: 'unchecked' },
      { d: '2026-11-02', a: '7550', s: 'consistent' },
      { d: '2026-11-03', a: '7000', s: 'consistent' },
    ]);
  });
});
