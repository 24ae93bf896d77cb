import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { NormalizedTransactionV1, Topics } from '@kontor/contracts';
import { dropDatabase, ensureDatabase, findRepoRoot } from '@kontor/local-infra';
import { eventHeaders } from '@kontor/platform-kafka';
import { uuidV5 } from '@kontor/util';
import { distribution, maxOf, round, table } from '../e2e/stats';
import { DEFAULT_GENERATOR_OPTIONS, generateStream } from './stream-generator';

/**
 * Latency and throughput of fraud scoring against the real broker and PostgreSQL: the fraud-scoring service
 * runs as its own process; this process produces normalized transactions (realistic, many accounts, from the
 * seeded generator) and consumes the score events. Latency is per transaction, from the start of the
 * produce call to the score event arriving here, and to the score's own `kontor-produced-at` header (when the
 * service committed the score and its outbox row; same machine, same clock).
 *
 *   npm run build && DATABASE_URL=postgres://… KAFKA_BROKERS=host:port node dist/bench/fraud/fraud-latency.bench.js
 *     [--rate 1000] [--seconds 30] [--flood 30000] [--port 5803]
 */
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 1).trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Phase {
  name: string;
  /** The service's CPU seconds at the phase's start and after it drained. */
  cpuStart: number;
  cpuEnd: number;
  sent: Map<string, number>;
  received: Map<string, number>;
  producedAt: Map<string, number>;
  firstSend: number;
  lastSend: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (!serverUrl || !brokers) throw new Error('set DATABASE_URL (a PostgreSQL server) and KAFKA_BROKERS');
  const rate = Number(arg('rate', '1000'));
  const seconds = Number(arg('seconds', '30'));
  const floodCount = Number(arg('flood', '30000'));
  const warmupCount = 3000;
  const run = randomBytes(3).toString('hex');
  const prefix = `bench-fraud-${run}.`;
  const databaseName = `kontor_bench_fraud_${run}`;
  const root = findRepoRoot(__dirname);

  const needed = warmupCount + rate * seconds + floodCount + Math.round(rate * 1.6) * seconds;
  console.error(`generating ${needed} transactions…`);
  const stream: NormalizedTransactionV1[] = [];
  for (let seed = 1000; stream.length < needed; seed++) {
    for (const t of generateStream({ ...DEFAULT_GENERATOR_OPTIONS, seed, customers: 500, months: 4 })) stream.push(t.tx);
  }
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  const kafka = new Kafka({ clientId: 'fraud-latency-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  let service: ChildProcess | undefined;
  const phases: Phase[] = [];
  try {
    service = spawn(process.execPath, [join(root, 'dist/apps/fraud-scoring/src/main.js')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: prefix, PORT: arg('port', '5803'), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const port = arg('port', '5803');
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (i > 300) throw new Error('fraud-scoring did not become ready');
      await sleep(200);
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const consumer = kafka.consumer({ groupId: `${prefix}bench-reader`, maxBytesPerPartition: 4 << 20 });
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}${Topics.transactionScored.name}`, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          if (!m.value) continue;
          const id = (JSON.parse(m.value.toString()) as { transactionId: string }).transactionId;
          for (const phase of phases) {
            if (phase.sent.has(id) && !phase.received.has(id)) {
              phase.received.set(id, now);
              const header = m.headers?.['kontor-produced-at'];
              if (header) phase.producedAt.set(id, Date.parse(header.toString()));
            }
          }
        }
      },
    });
    await sleep(3000);

    let next = 0;
    const send = async (phase: Phase, txs: NormalizedTransactionV1[]) => {
      const at = Date.now();
      for (const tx of txs) phase.sent.set(tx.transactionId, at);
      phase.lastSend = at;
      await producer.send({
        topic: `${prefix}${Topics.transactionNormalized.name}`,
        messages: txs.map((tx) => ({
          key: tx.accountRef,
          value: JSON.stringify(tx),
          headers: eventHeaders(Topics.transactionNormalized, 'transaction-normalizer', uuidV5(`bench-normalized|${run}|${tx.transactionId}`), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
        })),
      });
    };
    /** Open loop: a tick every 10 ms sends what the schedule owes, so a slow send does not lower the rate. */
    const paced = async (name: string, count: number, perSecond: number) => {
      const phase: Phase = { name, cpuStart: cpuSeconds(service?.pid), cpuEnd: Number.NaN, sent: new Map(), received: new Map(), producedAt: new Map(), firstSend: Date.now(), lastSend: 0 };
      phases.push(phase);
      const startedAt = Date.now();
      let done = 0;
      while (done < count) {
        const due = Math.min(count, Math.floor(((Date.now() - startedAt) / 1000) * perSecond));
        if (due > done) {
          await send(phase, stream.slice(next, next + (due - done)));
          next += due - done;
          done = due;
        }
        await sleep(10);
      }
      await drain(phase);
    };
    const flood = async (name: string, count: number) => {
      const phase: Phase = { name, cpuStart: cpuSeconds(service?.pid), cpuEnd: Number.NaN, sent: new Map(), received: new Map(), producedAt: new Map(), firstSend: Date.now(), lastSend: 0 };
      phases.push(phase);
      for (let done = 0; done < count; done += 500) {
        await send(phase, stream.slice(next, next + Math.min(500, count - done)));
        next += Math.min(500, count - done);
      }
      await drain(phase);
    };
    const drain = async (phase: Phase) => {
      let last = phase.received.size;
      let idleSince = Date.now();
      while (phase.received.size < phase.sent.size) {
        await sleep(200);
        if (phase.received.size !== last) {
          last = phase.received.size;
          idleSince = Date.now();
        } else if (Date.now() - idleSince > 30_000) {
          throw new Error(`${phase.name}: ${phase.sent.size - phase.received.size} scores never arrived`);
        }
      }
      phase.cpuEnd = cpuSeconds(service?.pid);
    };

    console.error('warm-up…');
    await paced('warm-up (500 tx/s)', warmupCount, 500);
    console.error(`steady ${rate} tx/s for ${seconds} s…`);
    await paced(`steady ${rate} tx/s`, rate * seconds, rate);
    console.error(`flood of ${floodCount}…`);
    await flood(`flood (${floodCount} at once)`, floodCount);
    const floodPhase = phases[phases.length - 1];
    const maxRate = floodPhase.sent.size / ((maxOf([...floodPhase.received.values()]) - floodPhase.firstSend) / 1000);
    const sustainable = Math.floor((maxRate * 0.8) / 25) * 25;
    console.error(`paced at 80 % of the flood's drain rate (${sustainable} tx/s) for ${seconds} s…`);
    if (sustainable > 0) await paced(`paced ${sustainable} tx/s (80 % of max)`, Math.min(sustainable * seconds, stream.length - next), sustainable);
    await consumer.disconnect();
    await producer.disconnect();

    const rows = phases.map((p) => {
      const end = distribution([...p.sent].map(([id, at]) => (p.received.get(id) ?? Number.NaN) - at));
      const service = distribution([...p.sent].flatMap(([id, at]) => (p.producedAt.has(id) ? [(p.producedAt.get(id) ?? 0) - at] : [])));
      const spanS = (maxOf([...p.received.values()]) - p.firstSend) / 1000;
      return [p.name, p.sent.size, round(p.sent.size / spanS, 0), service.p50, service.p99, end.p50, end.p99, end.max, round(((p.cpuEnd - p.cpuStart) * 1000) / p.sent.size, 2)];
    });
    console.log(`\nfraud-scoring latency and throughput (run ${run}, ${new Date().toISOString()}, rule set from the service's default)\n`);
    console.log(table(['phase', 'tx', 'scored tx/s', 'to score committed p50 ms', 'p99 ms', 'to score consumed p50 ms', 'p99 ms', 'max ms', 'service CPU ms/tx'], rows));
    console.log(`\nmax drain rate (flood): ${round(maxRate, 0)} tx/s; machine: ${cpus().length} cores, load average ${loadavg().map((l) => round(l, 1)).join(' / ')} (1/5/15 min)`);
    const dir = arg('out', 'dist/bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `fraud-latency-${run}.json`), JSON.stringify({ run, rate, seconds, floodCount, rows, maxRate }, null, 2));
  } finally {
    service?.kill('SIGTERM');
    await sleep(2000);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.deleteGroups([`${prefix}bench-reader`, `${prefix}fraud-scoring`, `${prefix}fraud-scoring-feedback`]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await dropDatabase(serverUrl, databaseName).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
