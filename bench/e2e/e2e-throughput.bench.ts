/**
 * End-to-end load generator: N signed transactions through the whole platform (bank POST → ingestion →
 * normalizer → fraud scoring → messenger gateway → Send API request), then plain kafkajs on the same
 * broker as the ceiling. A benchmark, not a test: it prints numbers and never fails on speed; it exits
 * non-zero only when the run itself broke (POSTs rejected, transactions lost, timeouts).
 *
 *   npm run build && node dist/bench/e2e/e2e-throughput.bench.js [--n 2000] [--concurrency 8] [--batch 1]
 *
 * See bench/README.md for every option and what the figures mean.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { Topics } from '@kontor/contracts';
import { toFeedEntryEvent } from '@kontor/feed-parsers';
import { dropDatabase, ensureDatabase, findRepoRoot, startEmbeddedPostgres, startLocalKafka } from '@kontor/local-infra';
import { eventHeaders, newTraceparent } from '@kontor/platform-kafka';
import { DEFAULT_PORTS, DEMO, LocalPlatform, startLocalPlatform } from '@kontor/platform-launcher';
import { CpuUsage, cpuSnapshot, cpuUsage } from './cpu-usage';
import { benchEntry, PostTiming, pushFeeds, SendApiCollector } from './feed-load';
import { KeyMode, RawBaselineResult, rawKafkaBaseline } from './raw-kafka-baseline';
import { Distribution, distribution, maxOf, minOf, round, table } from './stats';

const FAKE_GRAPH_API_PORT = 3900;

export interface BenchOptions {
  n: number;
  concurrency: number;
  batch: number;
  warmup: number;
  rate: number;
  timeoutSeconds: number;
  stallSeconds: number;
  rawBatch: number;
  out?: string;
  keep: boolean;
}

const USAGE = `usage: node dist/bench/e2e/e2e-throughput.bench.js [options]
  --n N               measured transactions (env BENCH_N, default 2000)
  --concurrency C     POSTs in flight (env BENCH_CONCURRENCY, default 8)
  --batch K           entries per feed, i.e. per POST (env BENCH_BATCH, default 1)
  --warmup W          transactions pushed and awaited first, not measured (env BENCH_WARMUP, default 50)
  --rate R            paced arrivals, transactions/s (env BENCH_RATE, default 0 = as fast as C allows)
  --timeout S         bound on the measured phase, seconds (env BENCH_TIMEOUT, default 900)
  --stall S           give up when no Send API request arrived for S seconds (env BENCH_STALL, default 60)
  --raw-batch B       messages per producer.send() in the kafkajs baseline (env BENCH_RAW_BATCH, default 100)
  --out DIR           where results go (default dist/bench-results)
  --keep              keep the bench database and topics (default: dropped)
Uses DATABASE_URL (server; a fresh database is created on it) and KAFKA_BROKERS when set.`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

class UsageError extends Error {}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string' },
      concurrency: { type: 'string' },
      batch: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      stall: { type: 'string' },
      'raw-batch': { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new UsageError('');
  return {
    n: positiveInt('n', values.n ?? env.BENCH_N, 2000),
    concurrency: positiveInt('concurrency', values.concurrency ?? env.BENCH_CONCURRENCY, 8),
    batch: positiveInt('batch', values.batch ?? env.BENCH_BATCH, 1),
    warmup: positiveInt('warmup', values.warmup ?? env.BENCH_WARMUP, 50, 0),
    rate: positiveInt('rate', values.rate ?? env.BENCH_RATE, 0, 0),
    timeoutSeconds: positiveInt('timeout', values.timeout ?? env.BENCH_TIMEOUT, 900),
    stallSeconds: positiveInt('stall', values.stall ?? env.BENCH_STALL, 60),
    rawBatch: positiveInt('raw-batch', values['raw-batch'] ?? env.BENCH_RAW_BATCH, 100),
    out: values.out,
    keep: values.keep ?? false,
  };
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** True when something accepts TCP connections on the port: the bench needs the platform's fixed ports. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (used: boolean) => {
      socket.destroy();
      resolve(used);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function brokerAnswers(brokers: string): Promise<boolean> {
  const admin = new Kafka({ clientId: 'kontor-bench-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A feed-entry event exactly as ingestion publishes one for a bench entry: its own reader, and Kontor headers. */
function sampleFeedEntryEvent(runId: string, tokenizationKey: string): { key: string; value: string; headers: Record<string, string> } {
  const { entryId, ...entry } = benchEntry(runId, 1234567, DEMO.accountId);
  const result = toFeedEntryEvent({ ...entry, bankEntryId: entryId }, 0, { feedId: randomUUID(), bankId: DEMO.bankId, sourceFormat: 'kontor-json', tokenizationKey });
  if (!result.ok) throw new Error(`bench entry rejected: ${result.detail}`);
  const payload = result.event;
  return {
    key: payload.accountRef,
    value: JSON.stringify(payload),
    headers: eventHeaders(Topics.feedEntryReceived, 'bank-ingestion', randomUUID(), newTraceparent()),
  };
}

interface StageRow {
  entry_id: string;
  received_ms: string;
  normalized_ms: string | null;
  scored_ms: string | null;
  delivery_ms: string | null;
}

interface StageReport {
  name: string;
  latencyMs: Distribution;
  /** Measured transactions / span of this stage's timestamps: the rate that stage kept up. */
  txPerSecond: number;
}

/**
 * Where the time goes, from the timestamps each service stores: feed received (ingestion), normalized_at
 * (normalizer starts), scored_at (fraud starts), delivery created (gateway's transaction), Send API.
 */
async function stageBreakdown(databaseUrl: string, runId: string, measured: Map<number, PostTiming>, sentAtMs: Map<number, number>): Promise<StageReport[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: StageRow[];
  try {
    ({ rows } = await client.query<StageRow>(
      `SELECT t.bank_entry_id AS entry_id,
              extract(epoch FROM f.received_at) * 1000 AS received_ms,
              extract(epoch FROM t.normalized_at) * 1000 AS normalized_ms,
              extract(epoch FROM s.scored_at) * 1000 AS scored_ms,
              extract(epoch FROM d.created_at) * 1000 AS delivery_ms
         FROM normalizer.transaction t
         JOIN ingestion.feed f ON f.id = t.source_feed_id
         LEFT JOIN fraud.transaction_score s ON s.transaction_id = t.id
         LEFT JOIN gateway.alert_delivery d ON d.alert_id = s.alert_id
        WHERE t.bank_entry_id LIKE $1`,
      [`bench-${runId}-%`],
    ));
  } finally {
    await client.end();
  }
  const points: { post: number; received: number; normalized: number; scored: number; delivery: number; sent: number }[] = [];
  for (const row of rows) {
    const seq = Number(row.entry_id.slice(`bench-${runId}-`.length));
    const timing = measured.get(seq);
    const sent = sentAtMs.get(seq);
    if (!timing || sent === undefined || row.normalized_ms === null || row.scored_ms === null || row.delivery_ms === null) continue;
    points.push({ post: timing.postStartMs, received: Number(row.received_ms), normalized: Number(row.normalized_ms), scored: Number(row.scored_ms), delivery: Number(row.delivery_ms), sent });
  }
  type Point = (typeof points)[number];
  const stage = (name: string, from: (p: Point) => number, to: (p: Point) => number): StageReport => {
    const ends = points.map(to);
    const span = (maxOf(ends) - minOf(ends)) / 1000;
    return { name, latencyMs: distribution(points.map((p) => to(p) - from(p))), txPerSecond: span > 0 ? points.length / span : Number.NaN };
  };
  return [
    stage('POST → feed stored (ingestion HTTP)', (p) => p.post, (p) => p.received),
    stage('feed stored → normalizer handles', (p) => p.received, (p) => p.normalized),
    stage('normalizer → fraud scoring handles', (p) => p.normalized, (p) => p.scored),
    stage('fraud scoring → gateway stores delivery', (p) => p.scored, (p) => p.delivery),
    stage('gateway delivery → Send API request', (p) => p.delivery, (p) => p.sent),
  ];
}

/** Steady-state rate: deliveries between the 10th and 90th percentile, so ramp-up and the tail do not count. */
function steadyRate(sentTimes: number[]): number {
  const sorted = [...sentTimes].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * 0.1);
  const hi = Math.ceil(sorted.length * 0.9) - 1;
  const span = (sorted[hi] - sorted[lo]) / 1000;
  return span > 0 ? (hi - lo) / span : Number.NaN;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  // Other load on the machine skews every figure; the load average before the run tells whether there was any.
  const loadAverageBefore = loadavg()[0];
  const root = findRepoRoot(__dirname);
  if (!existsSync(join(root, 'dist/apps/bank-ingestion/src/main.js'))) throw new Error('dist/ is missing the services: run `npm run build` first');
  const busy = [];
  for (const port of [...Object.values(DEFAULT_PORTS), FAKE_GRAPH_API_PORT]) if (await portInUse(port)) busy.push(port);
  if (busy.length > 0) {
    throw new Error(`ports ${busy.join(', ')} are in use (is \`npm start\` running?). The bench starts its own platform on 3001-3004 and 3900: stop the other one first.`);
  }

  const runId = randomBytes(4).toString('hex');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = options.out ?? join(root, 'dist/bench-results');
  mkdirSync(outDir, { recursive: true });
  const logPath = join(outDir, `e2e-${stamp}.services.log`);
  const serviceLog = createWriteStream(logPath);
  let echoedWarnings = 0;
  const log = (source: string, line: string) => {
    serviceLog.write(`${new Date().toISOString()} [${source}] ${line}\n`);
    if (source === 'platform' || source === 'kafka') progress(`${source}: ${line}`);
    else if (/\b(error|warn)/i.test(line) && echoedWarnings++ < 20) progress(`${source}: ${line}`);
  };

  // Cleanups run in reverse order, so the platform stops before its topics and database go.
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const step of cleanups.splice(0).reverse()) {
        await step.run().catch((error: unknown) => progress(`cleanup "${step.name}" failed: ${error instanceof Error ? error.message : String(error)}`));
      }
      await new Promise<void>((resolve) => serviceLog.end(resolve));
    })());
  const abort = (code: number, reason: string) => {
    progress(`${reason}: stopping everything`);
    setTimeout(() => process.exit(code), 120_000).unref();
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort(130, 'SIGINT'));
  process.once('SIGTERM', () => abort(143, 'SIGTERM'));
  // Start-up, warm-up, the measured phase and the baseline are bounded separately; this catches the rest.
  const watchdog = setTimeout(() => abort(124, 'watchdog: the run took far longer than --timeout'), (options.timeoutSeconds + 600) * 1000);
  watchdog.unref();

  try {
    // Kafka: KAFKA_BROKERS, else the project's broker if it already runs (left running), else start it (and stop it after).
    let brokers = process.env.KAFKA_BROKERS;
    let kafkaSource = 'KAFKA_BROKERS';
    if (!brokers) {
      if (await brokerAnswers('127.0.0.1:9092')) {
        brokers = '127.0.0.1:9092';
        kafkaSource = 'already running on 127.0.0.1:9092';
      } else {
        progress('no broker on 127.0.0.1:9092: starting the project broker (tools/kafka/kafka.sh)');
        const kafka = await startLocalKafka({ root, port: 9092, log: (line) => log('kafka', line) });
        cleanups.push({ name: 'stop Kafka', run: kafka.stop });
        brokers = kafka.brokers;
        kafkaSource = 'started by the bench';
      }
    }
    // PostgreSQL: a fresh database on DATABASE_URL's server, else on the embedded server (started and stopped here).
    let serverUrl = process.env.DATABASE_URL;
    let postgresSource = 'DATABASE_URL';
    if (!serverUrl) {
      progress('DATABASE_URL not set: starting embedded PostgreSQL on 127.0.0.1:5433');
      const pg = await startEmbeddedPostgres({ dataDir: join(root, '.data/postgres'), port: 5433, log: (line) => log('postgres', line) });
      cleanups.push({ name: 'stop PostgreSQL', run: pg.stop });
      serverUrl = pg.url;
      postgresSource = 'embedded, started by the bench';
    }
    const databaseName = `kontor_bench_${runId}`;
    const databaseUrl = await ensureDatabase(serverUrl, databaseName);
    const server = serverUrl;
    if (!options.keep) cleanups.push({ name: 'drop the bench database', run: () => dropDatabase(server, databaseName) });

    const topicPrefix = `bench-${runId}.`;
    const brokerList = brokers.split(',').map((b) => b.trim());
    if (!options.keep) {
      cleanups.push({
        name: 'delete the bench topics and groups',
        run: async () => {
          const admin = new Kafka({ clientId: 'kontor-bench-cleanup', brokers: brokerList, logLevel: logLevel.NOTHING }).admin();
          await admin.connect();
          try {
            const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
            if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 15_000 });
            const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(topicPrefix));
            if (groups.length > 0) await admin.deleteGroups(groups);
          } finally {
            await admin.disconnect();
          }
        },
      });
    }

    progress(`run ${runId}: N=${options.n}, concurrency=${options.concurrency}, batch=${options.batch}, warm-up=${options.warmup}, rate=${options.rate || 'unpaced'}`);
    progress(`Kafka ${brokers} (${kafkaSource}), topic prefix ${topicPrefix}; database ${databaseName} (${postgresSource}); service logs: ${logPath}`);
    const platformStartedAt = Date.now();
    const started: { platform?: LocalPlatform } = {};
    cleanups.push({ name: 'stop the platform', run: async () => started.platform?.stop() });
    // The fake Graph API is the only way to see what was sent, so a configured real one is ignored here.
    const platform = await startLocalPlatform({
      root,
      log,
      env: { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, KAFKA_TOPIC_PREFIX: topicPrefix, GRAPH_API_BASE_URL: undefined },
    });
    started.platform = platform;
    const fakeGraphApi = platform.fakeGraphApi;
    if (!fakeGraphApi) throw new Error('the platform started without the fake Graph API');
    progress(`platform up in ${round((Date.now() - platformStartedAt) / 1000)} s`);

    const collector = new SendApiCollector(fakeGraphApi.requests);
    const load = (firstSeq: number, count: number, deadlineMs: number) =>
      pushFeeds({
        ingestionUrl: platform.ingestionUrl,
        credentials: DEMO,
        runId,
        accountId: DEMO.accountId,
        firstSeq,
        count,
        batch: options.batch,
        concurrency: options.concurrency,
        ratePerSecond: options.rate,
        postTimeoutMs: 30_000,
        deadlineMs,
      });

    // Warm-up: JIT, connection pools, consumer fetch sessions. Not measured.
    if (options.warmup > 0) {
      const warm = await load(0, options.warmup, Date.now() + 120_000);
      if (warm.failures.length > 0) throw new Error(`warm-up POSTs failed: ${JSON.stringify(warm.failures.slice(0, 3))}`);
      const outcome = await collector.waitFor(warm.accepted.keys(), { stallMs: 60_000, deadlineMs: Date.now() + 180_000 });
      if (!outcome.complete) throw new Error(`warm-up: ${outcome.missing} of ${options.warmup} transactions never reached the Send API`);
      progress(`warm-up: ${options.warmup} transactions through`);
    }

    const deadlineMs = Date.now() + options.timeoutSeconds * 1000;
    // CPU over the measured phase: on a small machine the services, Kafka and PostgreSQL share the same cores.
    const watched = new Map<string, number | undefined>([
      ...platform.services.map((s) => [s.name, s.child.pid] as const),
      ['bench (load generator, fake Graph API)', process.pid],
    ]);
    const cpuCommands = ['postgres', 'java'];
    const cpuBefore = cpuSnapshot(watched, cpuCommands);
    progress(`pushing ${options.n} transactions`);
    const measured = await load(options.warmup, options.n, deadlineMs);
    const intakeEnd = maxOf([...measured.accepted.values()].map((t) => t.postEndMs));
    progress(`${measured.accepted.size} accepted (${measured.failures.length} POSTs failed); waiting for the Send API requests`);
    const outcome = await collector.waitFor(measured.accepted.keys(), {
      stallMs: options.stallSeconds * 1000,
      deadlineMs,
      progress: (done, total) => progress(`${done}/${total} sent`),
    });
    collector.drain();
    const cpu = cpuUsage(cpuBefore, cpuSnapshot(watched, cpuCommands));

    const latencies: number[] = [];
    const sentTimes: number[] = [];
    for (const [seq, timing] of measured.accepted) {
      const sentAt = collector.sentAtMs.get(seq);
      if (sentAt === undefined) continue;
      latencies.push(sentAt - timing.postStartMs);
      sentTimes.push(sentAt);
    }
    const firstPost = minOf([...measured.accepted.values()].map((t) => t.postStartMs));
    const lastSent = maxOf(sentTimes);
    const wallSeconds = (lastSent - firstPost) / 1000;
    // The breakdown reads the services' tables; if their schema moved on, the headline figures still stand.
    const stages =
      sentTimes.length > 0
        ? await stageBreakdown(databaseUrl, runId, measured.accepted, collector.sentAtMs).catch((error: unknown) => {
            progress(`stage breakdown unavailable: ${error instanceof Error ? error.message : String(error)}`);
            return [];
          })
        : [];

    // Services stop before the baseline, so it has the broker and the CPUs to itself.
    progress('stopping the services for the kafkajs baseline');
    await Promise.all(platform.services.map((s) => s.stop()));

    const message = sampleFeedEntryEvent(runId, platform.env.KONTOR_TOKENIZATION_KEY ?? randomBytes(32).toString('base64url'));
    const baseline = (keys: KeyMode) => {
      progress(`kafkajs baseline (${keys}): ${options.n} messages of ${Buffer.byteLength(message.value)} bytes`);
      return rawKafkaBaseline({
        brokers: brokerList,
        topic: `${topicPrefix}bench.raw-baseline.${keys}`,
        groupId: `${topicPrefix}bench.raw-baseline.${keys}`,
        partitions: Topics.feedEntryReceived.partitions,
        count: options.n,
        warmup: options.warmup,
        message,
        keys,
        batchSize: options.rawBatch,
        timeoutMs: 120_000,
      });
    };
    // Same key first: one partition, exactly like the bench account's entries.
    const sameKey = await baseline('same-key');
    const distinctKeys = await baseline('distinct-keys');
    const raw: RawBaselineResult[] = [sameKey, distinctKeys];

    const e2e = {
      transactions: measured.accepted.size,
      delivered: sentTimes.length,
      missing: outcome.missing,
      feeds: measured.feeds,
      postFailures: measured.failures.length,
      latePosts: measured.latePosts,
      duplicateSendApiRequests: collector.duplicates,
      unmatchedSendApiRequests: collector.unmatched,
      wallSeconds: round(wallSeconds, 2),
      txPerSecond: round(sentTimes.length / wallSeconds),
      steadyTxPerSecond: round(steadyRate(sentTimes)),
      intakeSeconds: round((intakeEnd - firstPost) / 1000, 2),
      intakeTxPerSecond: round(measured.accepted.size / ((intakeEnd - firstPost) / 1000)),
      drainAfterLastPostSeconds: round((lastSent - intakeEnd) / 1000, 2),
      postLatencyMs: roundDistribution(distribution([...measured.accepted.values()].map((t) => t.postEndMs - t.postStartMs))),
      latencyMs: roundDistribution(distribution(latencies)),
      stages: stages.map((s) => ({ name: s.name, latencyMs: roundDistribution(s.latencyMs), txPerSecond: round(s.txPerSecond) })),
      cpu: cpu && {
        seconds: round(cpu.seconds, 2),
        machineBusyPercent: round(cpu.machineBusyPercent),
        processes: cpu.processes.map((p) => ({
          name: p.name,
          cpuSeconds: round(p.cpuSeconds, 2),
          percentOfOneCore: round(p.percentOfOneCore),
          cpuMsPerTx: round((1000 * p.cpuSeconds) / Math.max(1, sentTimes.length), 2),
        })),
      },
    };
    const result = {
      benchmark: 'e2e-throughput',
      runId,
      startedAt: new Date(platformStartedAt).toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30), node: process.version, loadAverage1mBefore: round(loadAverageBefore, 2) },
      options,
      infrastructure: { kafka: `${brokers} (${kafkaSource})`, postgres: postgresSource, database: databaseName, topicPrefix, partitions: Topics.feedEntryReceived.partitions },
      e2e,
      raw: raw.map((r) => ({
        ...r,
        produceSeconds: round(r.produceSeconds, 3),
        produceMsgsPerSecond: round(r.produceMsgsPerSecond),
        produceToConsumeSeconds: round(r.produceToConsumeSeconds, 3),
        msgsPerSecond: round(r.msgsPerSecond),
        latencyMs: roundDistribution(r.latencyMs),
      })),
      ratio: {
        e2eOverRawSameKey: round(e2e.txPerSecond / sameKey.msgsPerSecond, 4),
        e2eOverRawDistinctKeys: round(e2e.txPerSecond / distinctKeys.msgsPerSecond, 4),
      },
    };

    const resultPath = join(outDir, `e2e-${stamp}.json`);
    writeFileSync(resultPath, `${JSON.stringify(result, null, 2)}\n`);
    printReport(result.e2e, result.raw, result.ratio, options);
    console.log(`\nresults: ${resultPath}\nservice logs: ${logPath}`);

    const broken = measured.failures.length > 0 || outcome.missing > 0 || collector.duplicates > 0;
    if (measured.failures.length > 0) progress(`first failed POSTs: ${JSON.stringify(measured.failures.slice(0, 3))}`);
    if (outcome.missing > 0) progress(`${outcome.missing} accepted transactions never reached the Send API (stalled or timed out)`);
    return broken ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    progress('cleaning up');
    // Bounded too: a stuck broker or database stop must not keep the bench alive.
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([cleanup(), new Promise<void>((resolve) => (bound = setTimeout(() => (progress('cleanup did not finish within 180 s; leaving'), resolve()), 180_000)))]);
    clearTimeout(bound);
  }
}

function roundDistribution(d: Distribution): Distribution {
  return { count: d.count, min: round(d.min), p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), max: round(d.max), mean: round(d.mean) };
}

function printReport(
  e2e: {
    transactions: number;
    delivered: number;
    feeds: number;
    wallSeconds: number;
    txPerSecond: number;
    steadyTxPerSecond: number;
    intakeSeconds: number;
    intakeTxPerSecond: number;
    drainAfterLastPostSeconds: number;
    postLatencyMs: Distribution;
    latencyMs: Distribution;
    stages: { name: string; latencyMs: Distribution; txPerSecond: number }[];
    cpu?: Pick<CpuUsage, 'seconds' | 'machineBusyPercent'> & { processes: { name: string; cpuSeconds: number; percentOfOneCore: number; cpuMsPerTx: number }[] };
    postFailures: number;
    missing: number;
    duplicateSendApiRequests: number;
  },
  raw: RawBaselineResult[],
  ratio: { e2eOverRawSameKey: number; e2eOverRawDistinctKeys: number },
  options: BenchOptions,
): void {
  const out = (text = '') => console.log(text);
  out(`\nEnd to end: bank POST → Send API request (N=${e2e.transactions} in ${e2e.feeds} feeds of ${options.batch}, concurrency ${options.concurrency}, ${options.rate ? `${options.rate} tx/s paced` : 'unpaced'}, one account → one partition)`);
  out(
    table(
      ['metric', 'value'],
      [
        ['delivered / accepted', `${e2e.delivered} / ${e2e.transactions}`],
        ['POST failures / missing / duplicates', `${e2e.postFailures} / ${e2e.missing} / ${e2e.duplicateSendApiRequests}`],
        ['wall time, first POST → last Send API (s)', e2e.wallSeconds],
        ['sustained tx/s (N / wall time)', e2e.txPerSecond],
        ['steady tx/s (deliveries 10% → 90%)', e2e.steadyTxPerSecond],
        ['intake tx/s (N / first → last POST answer)', e2e.intakeTxPerSecond],
        ['drain after the last POST answer (s)', e2e.drainAfterLastPostSeconds],
      ],
    ),
  );
  out();
  out(
    table(
      ['latency (ms)', 'p50', 'p90', 'p99', 'max'],
      [
        ['POST → Send API request', e2e.latencyMs.p50, e2e.latencyMs.p90, e2e.latencyMs.p99, e2e.latencyMs.max],
        ['POST answered (202)', e2e.postLatencyMs.p50, e2e.postLatencyMs.p90, e2e.postLatencyMs.p99, e2e.postLatencyMs.max],
      ],
    ),
  );
  if (e2e.stages.length > 0) {
    out('\nWhere the time goes (from the services\' own timestamps; each stage includes the queue in front of the next service)');
    out(table(['stage', 'p50 ms', 'p99 ms', 'max ms', 'tx/s'], e2e.stages.map((s) => [s.name, s.latencyMs.p50, s.latencyMs.p99, s.latencyMs.max, s.txPerSecond])));
  }
  if (e2e.cpu) {
    out(`\nCPU while measuring (${e2e.cpu.seconds} s, first POST → last Send API request): machine ${e2e.cpu.machineBusyPercent}% busy over ${cpus().length} cores`);
    out(table(['process', 'CPU s', '% of one core', 'CPU ms / tx'], e2e.cpu.processes.map((p) => [p.name, p.cpuSeconds, p.percentOfOneCore, p.cpuMsPerTx])));
  }
  out(`\nCeiling: kafkajs on the same broker, ${raw[0]?.count} messages of ${raw[0]?.valueBytes} B (+${raw[0]?.headerBytes} B headers), idempotent producer, acks=all, ${raw[0]?.batchSize} per send, ${raw[0]?.partitions} partitions`);
  out(
    table(
      ['keys', 'partitions used', 'produce msg/s', 'produce→consume msg/s', 'p50 ms', 'p99 ms'],
      raw.map((r) => [r.keys, r.partitionsUsed, r.produceMsgsPerSecond, r.msgsPerSecond, r.latencyMs.p50, r.latencyMs.p99]),
    ),
  );
  out(`\nratio e2e tx/s ÷ raw msgs/s: ${ratio.e2eOverRawSameKey} (same key, one partition like the bench account), ${ratio.e2eOverRawDistinctKeys} (distinct keys)`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(error.message ? `${error.message}\n${USAGE}` : USAGE);
      process.exit(error.message ? 2 : 0);
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
