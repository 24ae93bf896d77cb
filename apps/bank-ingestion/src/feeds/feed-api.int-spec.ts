import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Topics } from '@kontor/contracts';
import { aKontorJsonFeed } from '@kontor/contracts/testing';
import { loadConfig } from '@kontor/platform-config';
import { createService } from '@kontor/platform-runtime';
import { bankRequestHeaders } from '@kontor/request-signing';
import { collectAllMessages, collectMessages, createTestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { BankRegistry } from '../banks/bank-registry.service';
import { IngestionConfig } from '../ingestion.config';
import { configureIngestionHttp } from '../ingestion.http';
import { IngestionModule } from '../ingestion.module';

const BANK = { bankId: 'test-bank', keyId: 'key-1', secret: 'test-bank-secret-0123456789' };
const PAN = '4111111111111111';

describe('POST /v1/feeds (real PostgreSQL and Kafka)', () => {
  let app: NestExpressApplication;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let config: IngestionConfig;

  beforeAll(async () => {
    database = await createTestDatabase('ingestion_api');
    config = loadConfig(IngestionConfig, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix('ingestion'),
      KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
      KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
      INGESTION_MAX_BODY_BYTES: '65536',
      LOG_LEVEL: 'warn',
    });
    app = await createService(IngestionModule.register(config), { service: 'bank-ingestion', logLevel: 'warn', configure: (a) => configureIngestionHttp(a, config) });
    await app.init();
    const registry = app.get(BankRegistry);
    await registry.registerBank(BANK.bankId, 'Test Bank');
    await registry.addSigningKey(BANK.bankId, BANK.keyId, BANK.secret);
    await registry.setAccounts(BANK.bankId, ['*']);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  function push(body: string | Buffer, overrides: { idempotencyKey?: string; timestamp?: number; secret?: string; keyId?: string; contentType?: string; path?: string } = {}) {
    const path = overrides.path ?? '/v1/feeds';
    const parts = {
      method: 'POST',
      path,
      timestamp: overrides.timestamp ?? Math.floor(Date.now() / 1000),
      idempotencyKey: overrides.idempotencyKey ?? `feed-${uniqueSuffix()}-${uniqueSuffix()}`,
      body,
    };
    const headers = bankRequestHeaders({ bankId: BANK.bankId, keyId: overrides.keyId ?? BANK.keyId, secret: overrides.secret ?? BANK.secret }, parts);
    return request(app.getHttpServer()).post(path).set(headers).set('content-type', overrides.contentType ?? 'application/json').send(body);
  }

  it('accepts a signed feed with 202, stores it, and publishes one tokenized event per entry', async () => {
    const body = JSON.stringify(aKontorJsonFeed({ entryId: 'a-1' }, { entryId: 'a-2', card: { pan: PAN } }));
    const response = await push(body);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'accepted', format: 'kontor-json', entryCount: 2, replayed: false });
    expect(response.headers.location).toBe(`/v1/feeds/${response.body.feedId}`);

    const messages = await collectMessages(`${config.KAFKA_TOPIC_PREFIX}${Topics.feedEntryReceived.name}`, 2);
    const events = messages.map((m) => JSON.parse(m.value!.toString()));
    expect(events.map((e) => e.bankEntryId).sort()).toEqual(['a-1', 'a-2']);
    expect(events.every((e) => e.feedId === response.body.feedId && e.card.last4 === '1111' && /^card_/.test(e.card.token))).toBe(true);
    expect(messages.every((m) => m.key!.toString() === events[0].accountRef)).toBe(true);
    for (const m of messages) expect(m.value!.toString()).not.toContain(PAN);

    const rows = await app.get(DataSource).query('SELECT * FROM ingestion.feed WHERE id = $1', [response.body.feedId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(PAN);
  });

  it('answers a repeated request with the same feed and publishes nothing twice', async () => {
    const body = JSON.stringify(aKontorJsonFeed({ entryId: 'r-1' }));
    const first = await push(body, { idempotencyKey: 'repeat-key-0001' });
    const again = await push(body, { idempotencyKey: 'repeat-key-0001' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toMatchObject({ feedId: first.body.feedId, replayed: true });
    const stored = await app.get(DataSource).query('SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key = $1', ['repeat-key-0001']);
    expect(stored[0].n).toBe(1);
    const published = (await collectAllMessages(`${config.KAFKA_TOPIC_PREFIX}${Topics.feedEntryReceived.name}`)).filter(
      (m) => JSON.parse(m.value!.toString()).feedId === first.body.feedId,
    );
    expect(published).toHaveLength(1);
  });

  it('recognises the same file pushed again under another idempotency key: same feed, nothing published twice', async () => {
    const body = JSON.stringify(aKontorJsonFeed({ entryId: 'same-file-1' }, { entryId: 'same-file-2' }));
    const first = await push(body, { idempotencyKey: 'same-file-key-0001' });
    const again = await push(body, { idempotencyKey: 'same-file-key-0002' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ feedId: first.body.feedId, replayed: true, entryCount: 2 });
    const published = (await collectAllMessages(`${config.KAFKA_TOPIC_PREFIX}${Topics.feedEntryReceived.name}`)).filter(
      (m) => JSON.parse(m.value!.toString()).feedId === first.body.feedId,
    );
    expect(published).toHaveLength(2);
    const stored = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key IN ('same-file-key-0001', 'same-file-key-0002')`);
    expect(stored[0].n).toBe(1);
  });

  it('rejects an idempotency key reused with a different body (409)', async () => {
    await push(JSON.stringify(aKontorJsonFeed({ entryId: 'x-1' })), { idempotencyKey: 'reused-key-0001' });
    const response = await push(JSON.stringify(aKontorJsonFeed({ entryId: 'x-2' })), { idempotencyKey: 'reused-key-0001' });
    expect(response.status).toBe(409);
    expect(response.body.reason).toBe('idempotency-key-reused');
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-secret-0123456789' }, 'signature-invalid'],
    ['an unknown key', { keyId: 'key-9' }, 'signature-invalid'],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 3600 }, 'timestamp-out-of-window'],
    ['a future timestamp', { timestamp: Math.floor(Date.now() / 1000) + 3600 }, 'timestamp-out-of-window'],
  ])('refuses %s with 401 and a machine-readable reason, storing nothing', async (_, overrides, reason) => {
    const key = `refused-${uniqueSuffix()}-key`;
    const response = await push(JSON.stringify(aKontorJsonFeed()), { ...overrides, idempotencyKey: key });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, reason, type: `https://kontor.dev/problems/${reason}` });
    const stored = await app.get(DataSource).query('SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key = $1', [key]);
    expect(stored[0].n).toBe(0);
  });

  it('rotates keys without downtime: a second key works alongside the first, and a revoked key stops working', async () => {
    const registry = app.get(BankRegistry);
    await registry.addSigningKey(BANK.bankId, 'key-2', 'second-secret-0123456789');
    const withOld = await push(JSON.stringify(aKontorJsonFeed({ entryId: 'rot-1' })));
    const withNew = await push(JSON.stringify(aKontorJsonFeed({ entryId: 'rot-2' })), { keyId: 'key-2', secret: 'second-secret-0123456789' });
    expect([withOld.status, withNew.status]).toEqual([202, 202]);

    expect(await registry.revokeSigningKey(BANK.bankId, 'key-2')).toBe(true);
    const revoked = await push(JSON.stringify(aKontorJsonFeed({ entryId: 'rot-3' })), { keyId: 'key-2', secret: 'second-secret-0123456789' });
    expect(revoked.status).toBe(401);
    expect(revoked.body.reason).toBe('signature-invalid');
    expect((await push(JSON.stringify(aKontorJsonFeed({ entryId: 'rot-4' })))).status).toBe(202);
  });

  it('stores the signing secret sealed, never in clear', async () => {
    const rows = await app.get(DataSource).query('SELECT secret_sealed FROM ingestion.bank_signing_key WHERE bank_id = $1', [BANK.bankId]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.secret_sealed).toMatch(/^v1\./);
      expect(row.secret_sealed).not.toContain(BANK.secret);
    }
  });

  it('refuses a body changed after signing', async () => {
    const parts = { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: 'tampered-key-0001', body: JSON.stringify(aKontorJsonFeed()) };
    const headers = bankRequestHeaders(BANK, parts);
    const response = await request(app.getHttpServer()).post('/v1/feeds').set(headers).set('content-type', 'application/json').send(JSON.stringify(aKontorJsonFeed({ amount: '9999.00' })));
    expect(response.status).toBe(401);
    expect(response.body.reason).toBe('signature-invalid');
  });

  it('refuses a request without credentials', async () => {
    const response = await request(app.getHttpServer()).post('/v1/feeds').set('content-type', 'application/json').send('{}');
    expect(response.status).toBe(401);
    expect(response.body.reason).toBe('credentials-missing');
  });

  it('rejects malformed JSON (400) and unknown content (415); lists invalid entries on an accepted feed', async () => {
    const malformed = await push('{"entries": [', {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.reason).toBe('truncated-file');
    const broken = await push('{"entries": [{"entryId": nope}]}', {});
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ reason: 'malformed-json', location: { line: 1, element: 'entries[0]' } });

    const invalid = await push(JSON.stringify(aKontorJsonFeed({ amount: '12,50', currency: 'EURO' }, {})));
    expect(invalid.status).toBe(202);
    expect(invalid.body).toMatchObject({ status: 'accepted-with-rejections', entryCount: 1, counts: { parsedEntries: 2, rejectedEntries: 1 } });
    expect(invalid.body.rejections[0]).toMatchObject({ entryIndex: 0, reason: 'invalid-amount', location: { element: 'entries[0]' } });
    expect(invalid.body.rejections[0].detail).toContain('currency');

    const xml = await push('<Document/>', { contentType: 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.body.reason).toBe('unknown-format');
  });

  it('rejects a body over the configured limit with 413', async () => {
    const response = await push(Buffer.alloc(70_000, 0x20));
    expect(response.status).toBe(413);
    expect(response.body.reason).toBe('body-too-large');
  });

  it('shows a feed to its bank only', async () => {
    const created = await push(JSON.stringify(aKontorJsonFeed({ entryId: 's-1' })));
    const path = `/v1/feeds/${created.body.feedId}`;
    const headers = bankRequestHeaders(BANK, { method: 'GET', path, timestamp: Math.floor(Date.now() / 1000), idempotencyKey: '', body: '' });
    const found = await request(app.getHttpServer()).get(path).set(headers);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ feedId: created.body.feedId, entryCount: 1 });

    const missing = `/v1/feeds/00000000-0000-4000-8000-000000000000`;
    const notFound = await request(app.getHttpServer())
      .get(missing)
      .set(bankRequestHeaders(BANK, { method: 'GET', path: missing, timestamp: Math.floor(Date.now() / 1000), idempotencyKey: '', body: '' }));
    expect(notFound.status).toBe(404);
    expect(notFound.body.reason).toBe('feed-not-found');
  });
});
