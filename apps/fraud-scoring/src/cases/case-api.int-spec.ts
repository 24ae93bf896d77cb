import { createHash } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { FraudFeedbackReceivedV1, NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { loadConfig } from '@kontor/platform-config';
import { EventPublisher } from '@kontor/platform-kafka';
import { createService } from '@kontor/platform-runtime';
import { collectAllMessages, createTestDatabase, eventually, testKafkaBrokers, uniqueTopicPrefix } from '@kontor/testing';
import { uuidV5 } from '@kontor/util';
import { FraudConfig } from '../fraud.config';
import { configureFraudHttp } from '../fraud.http';
import { FraudModule } from '../fraud.module';
import { NormalizedTransactionConsumer } from '../scoring/normalized-transaction.consumer';
import { CaseExpiryJob } from './case-expiry.job';

const DAY = 86_400_000;
const DEMO_TOKEN = 'demo-analyst-token-0123456789abcdef';
const OTHER_TOKEN = 'other-analyst-token-0123456789abcdef';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A bank analyst and a customer work the cases alerts open: list, read and resolve over HTTP with a bank's
 * bearer token; the customer's "it was me" arrives on Kafka, resolves the case and teaches the profile.
 */
describe('fraud cases: analyst API and customer feedback (real Kafka and PostgreSQL)', () => {
  let app: NestExpressApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let base: string;
  let dataSource: DataSource;
  let consumer: NormalizedTransactionConsumer;
  const accountRef = `acc_${crypto.randomUUID().replace(/-/g, '')}`;
  const start = Date.parse('2026-10-01T10:00:00+02:00');
  let seq = 0;
  const tx = (at: number, overrides: Partial<NormalizedTransactionV1> = {}) =>
    aNormalizedTransaction({ transactionId: crypto.randomUUID(), accountRef, occurredAt: new Date(at).toISOString(), source: { feedId: crypto.randomUUID(), entryIndex: seq++, format: 'kontor-json' }, ...overrides });
  const score = (message: NormalizedTransactionV1) =>
    consumer.handleBatch([{ message, context: { eventId: crypto.randomUUID(), topic: 't', partition: 0, offset: '0', key: message.accountRef } }]);
  const decisionOf = async (transactionId: string) => (await dataSource.query('SELECT decision, alert_id FROM fraud.transaction_score WHERE transaction_id = $1', [transactionId]))[0];
  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json', ...init.headers } });
  /** Case pages and cases, as the API returns them (a test reads the fields it checks). */
  interface ApiJson {
    cases: ApiJson[];
    nextCursor: string | null;
    alertId: string;
    status: string;
    reasons: { code: string }[];
  }
  const json = async (response: Promise<Response>) => (await (await response).json()) as ApiJson;
  const gadget = (at: number) => tx(at, { amountMinor: '129900', cardPresent: false, merchant: { name: 'Gadget World', mcc: '5732', city: 'Lisbon', country: 'PT' } });

  const prefix = uniqueTopicPrefix('fraud-cases');

  beforeAll(async () => {
    database = await createTestDatabase('fraud_cases');
    const config = loadConfig(FraudConfig, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: prefix,
      FRAUD_ANALYST_TOKEN_HASHES: `demo-bank:${sha256(DEMO_TOKEN)},other-bank:${sha256(OTHER_TOKEN)}`,
      FRAUD_CASE_TTL_HOURS: '24',
    });
    app = await createService(FraudModule.register(config), { service: 'fraud-scoring', logLevel: 'error', configure: configureFraudHttp });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    dataSource = app.get(DataSource);
    consumer = app.get(NormalizedTransactionConsumer);
    // Thirty days of ordinary groceries in Berlin.
    for (let d = 0; d < 30; d++) await score(tx(start + d * DAY, { amountMinor: String(2500 + (d % 5) * 400), merchant: { name: `Grocer ${d % 3}`, mcc: '5411', city: 'Berlin', country: 'DE' } }));
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lets only the bank whose token it is see and read the case', async () => {
    const purchase = gadget(start + 31 * DAY);
    await score(purchase);
    const { alert_id: alertId } = await decisionOf(purchase.transactionId);
    expect(alertId).toEqual(expect.any(String));

    expect((await api('/v1/fraud/cases')).status).toBe(401);
    expect((await api('/v1/fraud/cases', 'not-a-real-token-at-all-000000')).status).toBe(401);
    const other = await json(api('/v1/fraud/cases', OTHER_TOKEN));
    expect(other.cases).toEqual([]);
    expect((await api(`/v1/fraud/cases/${alertId}`, OTHER_TOKEN)).status).toBe(404);

    const list = await json(api(`/v1/fraud/cases?status=open&accountRef=${accountRef}&minScore=700`, DEMO_TOKEN));
    expect(list.cases.map((c: { alertId: string }) => c.alertId)).toEqual([alertId]);
    const read = await json(api(`/v1/fraud/cases/${alertId}`, DEMO_TOKEN));
    expect(read).toMatchObject({ alertId, status: 'open', amountMinor: '129900', currency: 'EUR', merchantName: 'Gadget World', cardLast4: '1111' });
    expect(read.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['NEW_COUNTRY', 'NEW_MERCHANT_HIGH_AMOUNT']));
    expect(read).not.toHaveProperty('features');
    expect((await api('/v1/fraud/cases?status=nonsense', DEMO_TOKEN)).status).toBe(400);
  });

  it('resolves the case from the customer\'s "it was me" on Kafka, and the same purchase no longer alerts', async () => {
    const [{ alert_id: alertId, transaction_id: transactionId }] = await dataSource.query(`SELECT alert_id, transaction_id FROM fraud.fraud_case WHERE account_ref = $1 AND status = 'open'`, [accountRef]);
    const feedback: FraudFeedbackReceivedV1 = {
      feedbackId: uuidV5(`feedback|${alertId}|genuine`),
      alertId,
      transactionId,
      bankId: 'demo-bank',
      accountRef,
      verdict: 'genuine',
      channel: 'messenger',
      answeredAt: new Date().toISOString(),
    };
    await app.get(EventPublisher).publish([{ topic: Topics.fraudFeedbackReceived, key: accountRef, payload: feedback, eventId: feedback.feedbackId }]);
    const resolved = await eventually(async () => {
      const r = await json(api(`/v1/fraud/cases/${alertId}`, DEMO_TOKEN));
      return r.status === 'open' ? undefined : r;
    });
    expect(resolved).toMatchObject({ status: 'confirmed_genuine', resolvedBy: 'customer' });

    const again = gadget(start + 33 * DAY);
    await score(again);
    expect((await decisionOf(again.transactionId)).decision).not.toBe('alert');
  });

  it('lets an analyst confirm fraud once; a second verdict is refused and an unanswered case expires', async () => {
    const stolen = tx(start + 34 * DAY, { amountMinor: '89900', cardPresent: false, merchant: { name: 'Luxury Watches', mcc: '5944', city: 'Dubai', country: 'AE' } });
    await score(stolen);
    const { alert_id: alertId } = await decisionOf(stolen.transactionId);
    const resolve = (resolution: string) => api(`/v1/fraud/cases/${alertId}/resolve`, DEMO_TOKEN, { method: 'POST', body: JSON.stringify({ resolution, note: 'card reported stolen' }) });
    expect((await api(`/v1/fraud/cases/${alertId}/resolve`, OTHER_TOKEN, { method: 'POST', body: JSON.stringify({ resolution: 'confirmed_fraud' }) })).status).toBe(404);
    expect((await resolve('maybe')).status).toBe(400);
    const first = await resolve('confirmed_fraud');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'confirmed_fraud', resolvedBy: 'analyst', note: 'card reported stolen' });
    const second = await resolve('confirmed_genuine');
    expect(second.status).toBe(409);
    // Fraud teaches nothing: the same pattern still alerts.
    const repeat = tx(start + 34 * DAY + 3_600_000, { amountMinor: '89900', cardPresent: false, merchant: { name: 'Luxury Watches', mcc: '5944', city: 'Dubai', country: 'AE' } });
    await score(repeat);
    const { alert_id: openId, decision } = await decisionOf(repeat.transactionId);
    expect(decision).toBe('alert');

    const job = app.get(CaseExpiryJob);
    expect(await job.expireDue(new Date(Date.now() + 23 * 3_600_000))).toBe(0);
    expect(await job.expireDue(new Date(Date.now() + 25 * 3_600_000))).toBe(1);
    expect(await json(api(`/v1/fraud/cases/${openId}`, DEMO_TOKEN))).toMatchObject({ status: 'expired', resolvedBy: 'expiry' });
    const expired = await json(api('/v1/fraud/cases?status=expired', DEMO_TOKEN));
    expect(expired.cases.map((c: { alertId: string }) => c.alertId)).toEqual([openId]);
  });

  it('pages through the list with a cursor', async () => {
    const page1 = await json(api('/v1/fraud/cases?limit=2', DEMO_TOKEN));
    expect(page1.cases).toHaveLength(2);
    const page2 = await json(api(`/v1/fraud/cases?limit=2&cursor=${page1.nextCursor}`, DEMO_TOKEN));
    const all = [...page1.cases, ...page2.cases].map((c: { alertId: string }) => c.alertId);
    expect(new Set(all).size).toBe(3);
    expect(page2.nextCursor).toBeNull();
  });

  it('announces every settled case once on kontor.fraud.case-updated.v1: who settled it and how', async () => {
    const messages = await collectAllMessages(`${prefix}${Topics.fraudCaseUpdated.name}`);
    const updates = messages.map((m) => JSON.parse(m.value!.toString()) as { status: string; resolvedBy: string; accountRef: string });
    expect(updates.map((u) => [u.status, u.resolvedBy]).sort()).toEqual([
      ['confirmed_fraud', 'analyst'],
      ['confirmed_genuine', 'customer'],
      ['expired', 'expiry'],
    ]);
    expect(updates.every((u) => u.accountRef === accountRef)).toBe(true);
  });
});
