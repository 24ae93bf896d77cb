/**
 * Feed intake through HTTP, end to end inside bank-ingestion: a signed POST of a large generated Kontor
 * JSON feed, streamed to the running service (a separate process), until its `202` (parsed, validated,
 * tokenized, every entry in the outbox, committed) and then until the relay has put every entry on
 * Kafka. Figures: MB/s and entries/s for both, and the peak RSS (VmHWM) of the ingestion process after
 * each size, so a flat line across sizes shows memory does not grow with the file. The baseline, in the
 * same run: the same bytes POSTed to a plain Node HTTP server that only hashes them (the transport ceiling).
 * A benchmark, not a test: it prints numbers and fails only when the run itself breaks.
 *
 *   npm run build && DATABASE_URL=postgres://… KAFKA_BROKERS=… node dist/bench/ingestion/ingestion-intake.bench.js [--mb 10,50,100] [--runs 1]
 *   … ingestion-intake.bench.js --file statements-200mb.xml --content-type application/xml   (any format the service accepts)
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs, promisify } from 'node:util';
import { aKontorJsonFeedEntry } from '@kontor/contracts/testing';
import { databaseUrl, dropDatabase, ensureDatabase, findRepoRoot } from '@kontor/local-infra';
import { DEFAULT_PORTS, spawnService } from '@kontor/platform-launcher';
import { BankRequestHeaders, bankRequestHeaders, signBankRequestDigest } from '@kontor/request-signing';

const BANK = { bankId: 'bench-bank', keyId: 'key-1', secret: 'bench-bank-secret-0123456789' };
const PORT = DEFAULT_PORTS['bank-ingestion'] + Number(process.env.KONTOR_E2E_PORT_OFFSET ?? 2000) + 50;

interface SizeResult {
  label: string;
  mb: number;
  bytes: number;
  entries: number;
  intakeSeconds: number;
  publishedSeconds: number;
  baselineSeconds: number;
  peakRssMiB: number;
}

/** Realistic entries (card payments with merchant and description), ~430 bytes each. */
async function writeFeed(path: string, targetBytes: number): Promise<{ bytes: number; entries: number; sha256: string }> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  let entries = 0;
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"entries":[\n');
  while (bytes < targetBytes) {
    const entry = aKontorJsonFeedEntry({
      entryId: `bench-${entries}`,
      amount: `${(entries % 100000) + 1}.${String(entries % 100).padStart(2, '0')}`,
      description: `CARD PAYMENT ${entries} BLUE BOTTLE BERLIN`,
      card: { pan: '4111111111111111' },
    });
    await write(`${entries > 0 ? ',\n' : ''}${JSON.stringify(entry)}`);
    entries++;
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  return { bytes, entries, sha256: hash.digest('hex') };
}

async function describeFile(path: string): Promise<{ bytes: number; entries?: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

function post(port: number, path: string, headers: Record<string, string>, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 64 * 1024 }).on('error', reject).pipe(req);
  });
}

/** The ceiling: a server that reads and hashes the body and answers, nothing else. */
async function hashingServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (c: Buffer) => hash.update(c));
    req.on('end', () => res.end(hash.digest('hex')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: process.env.BENCH_MB ?? '10,50' },
      runs: { type: 'string', default: '1' },
      file: { type: 'string', multiple: true },
      'content-type': { type: 'string', default: 'application/octet-stream' },
    },
  });
  // Either generated Kontor JSON feeds of the given sizes, or the files given (read as they are, never deleted).
  const inputs: { label: string; mb?: number; file?: string; contentType: string }[] = values.file?.length
    ? values.file.map((file) => ({ label: file.split('/').pop() ?? file, file, contentType: values['content-type'] }))
    : values.mb.split(',').map((mb) => ({ label: `${mb} MB kontor-json`, mb: Number(mb), contentType: 'application/json' }));
  const serverUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!serverUrl || !brokers) throw new Error('set DATABASE_URL (a server; a fresh database is created) and KAFKA_BROKERS');
  const root = findRepoRoot(__dirname);
  const database = `bench_ingestion_${Date.now()}`;
  await ensureDatabase(serverUrl, database);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl(serverUrl, database),
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: `bench-ingestion-${Date.now()}.`,
    KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
    KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
    INGESTION_DEV_SEED_BANKS: `${BANK.bankId}:${BANK.keyId}:${BANK.secret}`,
  };
  await promisify(execFile)(process.execPath, [join(root, 'dist/apps/bank-ingestion/src/db.js'), 'migrate'], { env });
  const service = spawnService({ root, name: 'bank-ingestion', port: PORT, env, onLine: (_, line) => process.stderr.write(`[bank-ingestion] ${line}\n`) });
  const baseline = await hashingServer();
  const results: SizeResult[] = [];
  try {
    await service.waitReady();
    const pid = service.child.pid;
    if (pid === undefined) throw new Error('bank-ingestion did not start');
    const idleRss = peakRssMiB(pid);
    for (const input of inputs) {
      for (let run = 0; run < Number(values.runs); run++) {
        const file = input.file ?? join(tmpdir(), `kontor-bench-feed-${input.mb}mb-${Date.now()}.json`);
        const feed = input.file ? await describeFile(input.file) : await writeFeed(file, (input.mb ?? 0) * 1024 * 1024);
        const mb = feed.bytes / 1024 / 1024;
        try {
          const baselineStart = performance.now();
          const echoed = await post(baseline.port, '/', { 'content-length': String(feed.bytes) }, file);
          const baselineSeconds = (performance.now() - baselineStart) / 1000;
          if (echoed.body !== feed.sha256) throw new Error('baseline server hashed different bytes');

          const parts = { method: 'POST', path: '/v1/feeds', timestamp: Math.floor(Date.now() / 1000), idempotencyKey: `bench-${mb}-${run}-${Date.now()}`, bodySha256: feed.sha256 };
          const headers = {
            [BankRequestHeaders.bankId]: BANK.bankId,
            [BankRequestHeaders.keyId]: BANK.keyId,
            [BankRequestHeaders.timestamp]: String(parts.timestamp),
            [BankRequestHeaders.idempotencyKey]: parts.idempotencyKey,
            [BankRequestHeaders.signature]: signBankRequestDigest(BANK.secret, parts),
            'content-type': input.contentType,
            'content-length': String(feed.bytes),
          };
          const start = performance.now();
          const response = await post(PORT, '/v1/feeds', headers, file);
          const intakeSeconds = (performance.now() - start) / 1000;
          if (response.status !== 202) throw new Error(`ingestion answered ${response.status}: ${response.body.slice(0, 500)}`);
          const { feedId, entryCount } = JSON.parse(response.body) as { feedId: string; entryCount: number };
          if (feed.entries !== undefined && entryCount !== feed.entries) throw new Error(`accepted ${entryCount} of ${feed.entries} entries`);
          for (;;) {
            const path = `/v1/feeds/${feedId}`;
            const status = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: bankRequestHeaders(BANK, { method: 'GET', path, timestamp: Math.floor(Date.now() / 1000), idempotencyKey: '', body: '' }) });
            const document = (await status.json()) as { counts?: { publishedEntries: number } };
            if (document.counts?.publishedEntries === entryCount) break;
            await new Promise((r) => setTimeout(r, 1000));
          }
          const publishedSeconds = (performance.now() - start) / 1000;
          results.push({ label: input.label, mb, bytes: feed.bytes, entries: entryCount, intakeSeconds, publishedSeconds, baselineSeconds, peakRssMiB: peakRssMiB(pid) });
        } finally {
          if (!input.file) await unlink(file).catch(() => undefined);
        }
      }
    }
    const mbs = (bytes: number, s: number) => (bytes / 1024 / 1024 / s).toFixed(1);
    const lines = [
      `bank-ingestion feed intake (${new Date().toISOString()}); peak RSS of the idle service: ${idleRss.toFixed(0)} MiB`,
      '| feed | size MB | entries | to 202 s | intake MB/s | intake entries/s | all on Kafka s | published entries/s | baseline upload MB/s | intake ÷ baseline | peak RSS MiB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.label} | ${r.mb.toFixed(1)} | ${r.entries} | ${r.intakeSeconds.toFixed(1)} | ${mbs(r.bytes, r.intakeSeconds)} | ${Math.round(r.entries / r.intakeSeconds)} | ${r.publishedSeconds.toFixed(1)} | ${Math.round(r.entries / r.publishedSeconds)} | ${mbs(r.bytes, r.baselineSeconds)} | ${(r.baselineSeconds / r.intakeSeconds).toFixed(3)} | ${r.peakRssMiB.toFixed(0)} |`,
      ),
    ];
    console.log(lines.join('\n'));
    const out = join(root, 'dist/bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'ingestion-intake.json'), JSON.stringify({ idleRssMiB: idleRss, results }, null, 2));
  } finally {
    await baseline.close();
    await service.stop();
    await dropDatabase(serverUrl, database).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
