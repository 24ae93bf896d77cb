import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@kontor/contracts';
import { aKontorJsonFeedEntry } from '@kontor/contracts/testing';
import { bankRequestHeaders, BankRequestHeaders, signBankRequestDigest } from '@kontor/request-signing';
import { collectMessages, uniqueSuffix } from '@kontor/testing';
import { IngestionTestApp, startIngestionTestApp, TestBank } from '../testing/ingestion-test-app.test-support';

const ENTRIES = 2_000;
const TARGET_BYTES = 50 * 1024 * 1024;
const LIMIT_BYTES = 60 * 1024 * 1024;

/**
 * Writes a ~50 MB Kontor JSON feed to disk: real entries spread out by JSON whitespace, so the test
 * streams the bytes of a large file while keeping the number of Kafka messages (and CPU) modest.
 */
async function writeLargeFeed(path: string): Promise<{ bytes: number; sha256: string }> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  const padding = ' '.repeat(Math.floor(TARGET_BYTES / ENTRIES) - 400) + '\n';
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"entries": [\n');
  for (let i = 0; i < ENTRIES; i++) {
    await write(`${i > 0 ? ',' : ''}${JSON.stringify(aKontorJsonFeedEntry({ entryId: `big-${i}`, amount: `${i}.01` }))}${padding}`);
  }
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { bytes, sha256: hash.digest('hex') };
}

function post(port: number, headers: Record<string, string>, body: Readable): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/feeds', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', (error) => reject(error));
    body.on('error', reject).pipe(req);
  });
}

describe('large feeds stream through with bounded memory (real PostgreSQL and Kafka)', () => {
  let t: IngestionTestApp;
  let bank: TestBank;
  let port: number;
  const file = join(tmpdir(), `kontor-large-feed-${uniqueSuffix()}.json`);

  beforeAll(async () => {
    t = await startIngestionTestApp('ingestion_large', { INGESTION_MAX_BODY_BYTES: String(LIMIT_BYTES) });
    bank = await t.registerBank('large-bank');
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t.close();
    await unlink(file).catch(() => undefined);
  });

  it('accepts a 50 MB feed without holding it in memory, and publishes each of its entries once', async () => {
    const { bytes, sha256 } = await writeLargeFeed(file);
    expect(bytes).toBeGreaterThan(49 * 1024 * 1024);
    const parts = { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: `large-${uniqueSuffix()}`, bodySha256: sha256 };
    const headers = {
      [BankRequestHeaders.bankId]: bank.bankId,
      [BankRequestHeaders.keyId]: bank.keyId,
      [BankRequestHeaders.timestamp]: String(parts.timestamp),
      [BankRequestHeaders.idempotencyKey]: parts.idempotencyKey,
      [BankRequestHeaders.signature]: signBankRequestDigest(bank.secret, parts),
      'content-type': 'application/json',
      'content-length': String(bytes),
    };

    global.gc?.();
    const baseline = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (baseline.heapUsed + baseline.arrayBuffers));
    }, 10);
    const response = await post(port, headers, createReadStream(file, { highWaterMark: 64 * 1024 }));
    clearInterval(sampler);

    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ entryCount: ENTRIES, counts: { bodyBytes: bytes, parsedEntries: ENTRIES, rejectedEntries: 0 } });
    // A body held in memory would need all its bytes at once (more with copies). Streamed, the growth is
    // chunk garbage that V8 collects when external memory passes its own threshold (~32 MiB), whatever the
    // file's size; the bench (bench/ingestion) measures the peak RSS of a separate ingestion process.
    expect(peak).toBeLessThan(bytes * 0.9);

    const messages = await collectMessages(t.topic(Topics.feedEntryReceived.name), ENTRIES, 90_000);
    const ids = new Set(messages.map((m) => JSON.parse(m.value!.toString()).bankEntryId));
    expect(ids.size).toBe(ENTRIES);
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit (413), storing nothing', async () => {
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += 1024 * 1024;
        this.push(sent > LIMIT_BYTES + 8 * 1024 * 1024 ? null : Buffer.alloc(1024 * 1024, 0x20));
      },
    });
    const headers = { ...bankRequestHeaders(bank, { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: 'endless-body-0001', body: 'unknown' }), 'content-type': 'application/json' };
    const response = await post(port, headers, endless);
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ reason: 'body-too-large', limitBytes: LIMIT_BYTES });
    const stored = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ingestion.feed WHERE idempotency_key = 'endless-body-0001'`);
    expect(stored[0].n).toBe(0);
  });
});
