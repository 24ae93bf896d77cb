import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { camt052Parser, camt053Parser, camt054Parser, type FeedParser, ofxParser } from '@kontor/feed-parsers';
import { findRepoRoot } from '@kontor/local-infra';
import { round, table } from '../e2e/stats';
import { readWithIso20022, readWithKontor, readWithOfxTree, type Reading } from './xml-formats-compare';
import { type GeneratedTruth, writeCamt053, writeOfx } from './xml-formats-generator';

/**
 * camt and OFX parser benchmark. In one run:
 *  1. correctness and speed on the repository's fixture files, Kontor vs iso20022.js (camt.053) and vs
 *     ofx-js and node-ofx-parser (OFX): what each reads, medians, ratios;
 *  2. the same on mid-size generated files, checked against the generator's truth;
 *  3. throughput (MB/s, entries/s) and peak RSS of Kontor's streaming parsers on large generated files
 *     (camt.053 at a quarter of the size and at the full size, to show memory does not grow with the file).
 * It prints figures; it never passes or fails on speed.
 *
 *   npm run build && node --expose-gc dist/bench/parsers/xml-formats.bench.js [--size-mb 200] [--mid-mb 8] [--runs 7]
 */

const { values: args, positionals } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: process.env.BENCH_XML_SIZE_MB ?? '200' },
    'mid-mb': { type: 'string', default: process.env.BENCH_XML_MID_MB ?? '8' },
    runs: { type: 'string', default: process.env.BENCH_XML_RUNS ?? '7' },
    dir: { type: 'string', default: join(tmpdir(), 'kontor-bench-xml-formats') },
    keep: { type: 'boolean', default: false },
    'skip-large': { type: 'boolean', default: false },
    /** Internal: measure one large file in a fresh process (`--child <camt.053|ofx> <path>`). */
    child: { type: 'string' },
  },
  allowPositionals: true,
});
const SIZE = Number(args['size-mb']) * 1024 * 1024;
const MID = Number(args['mid-mb']) * 1024 * 1024;
const RUNS = Math.max(1, Number(args.runs));
const DIR = args.dir ?? join(tmpdir(), 'kontor-bench-xml-formats');

const MiB = 1024 * 1024;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function* chunksOf(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

type Contender = { name: string; read: (bytes: Buffer) => Promise<Reading> | Reading };

interface Timing {
  /** Median wall-clock ms per parse. */
  wall: number;
  /** Median CPU ms (user + system) per parse: steadier than wall time on a shared machine. */
  cpu: number;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Medians of one parse per parser, over `RUNS` rounds; in each round every parser in turn repeats its parse
 * until ≥ 30 ms have passed. Interleaved (A, B, C, A, B, C, …) so that load from other processes on a shared
 * machine falls on every parser alike rather than on whichever ran in a busy moment.
 */
async function timeInterleaved(reads: Contender['read'][], bytes: Buffer): Promise<Timing[]> {
  const wall: number[][] = reads.map(() => []);
  const cpu: number[][] = reads.map(() => []);
  // Warm-up until the JIT has settled: one parse is not enough (the first 5 000 parses of a small OFX file
  // ran at half the speed of the next 5 000, measured).
  for (const read of reads) {
    const warmUntil = nowMs() + 300;
    do await read(bytes);
    while (nowMs() < warmUntil);
  }
  for (let run = 0; run < RUNS; run++) {
    for (let index = 0; index < reads.length; index++) {
      let repeats = 0;
      const started = nowMs();
      const startedCpu = cpuMs();
      do {
        await reads[index](bytes);
        repeats++;
      } while (nowMs() - started < 30);
      wall[index].push((nowMs() - started) / repeats);
      cpu[index].push((cpuMs() - startedCpu) / repeats);
    }
  }
  return reads.map((_, index) => ({ wall: median(wall[index]), cpu: median(cpu[index]) }));
}

const NO_TIMING: Timing = { wall: Number.NaN, cpu: Number.NaN };

const describe = (r: Reading) =>
  r.ok ? `${r.statements} st, ${r.bookedEntries}${r.splitEntries !== undefined && r.splitEntries !== r.bookedEntries ? `→${r.splitEntries}` : ''} entries, Σ ${fmtCents(r.netCents)}, closing ${fmtCents(r.closingCents)}, balanced ${r.balanced}/${r.checkable}` : `FAILED: ${r.error}`;
const fmtCents = (c: bigint) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;

/** Same figures as Kontor's reading (the baseline of comparison on files without a known truth). */
function agrees(a: Reading, b: Reading): boolean {
  return a.ok && b.ok && a.statements === b.statements && a.bookedEntries === b.bookedEntries && a.netCents === b.netCents && a.closingCents === b.closingCents;
}

function matchesTruth(r: Reading, truth: GeneratedTruth): boolean {
  return r.ok && r.statements === truth.statements && r.bookedEntries === truth.bookedEntries && r.netCents === truth.netCents && r.closingCents === truth.closingCents;
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  mkdirSync(DIR, { recursive: true });
  // iso20022.js ships CommonJS under "type": "module"; only its ESM build loads. A real dynamic import,
  // which the CommonJS build of this file would otherwise turn into require().
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ CashManagementEndOfDayReport: { fromXML: (xml: string) => never } }>;
  const { CashManagementEndOfDayReport } = await importEsm('iso20022.js');
  const ofxJs = require('ofx-js') as { parseSync: (text: string) => { OFX: unknown } };
  const nodeOfx = require('node-ofx-parser') as { parse: (text: string) => { OFX: unknown } };

  const kontor = (parser: FeedParser): Contender => ({ name: 'kontor', read: (bytes) => readWithKontor(parser, chunksOf(bytes)) });
  const iso: Contender = { name: 'iso20022.js', read: (bytes) => readWithIso20022((xml) => CashManagementEndOfDayReport.fromXML(xml), bytes) };
  const ofxContenders: Contender[] = [
    { name: 'ofx-js', read: (bytes) => readWithOfxTree((t) => ofxJs.parseSync(t), bytes) },
    { name: 'node-ofx-parser', read: (bytes) => readWithOfxTree((t) => nodeOfx.parse(t), bytes) },
  ];
  const camtParserFor = (file: string) => (/camt052/.test(file) ? camt052Parser : /camt054/.test(file) ? camt054Parser : camt053Parser);

  const results: Record<string, unknown> = { node: process.version, runs: RUNS, startedAt: new Date().toISOString(), loadavg: loadavg(), cpus: cpus().length };
  console.log(`camt / OFX parser bench — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} runs per figure, median per parse\n`);

  // 1. Fixture files.
  const fixtureRows: (string | number)[][] = [];
  const speedRows: (string | number)[][] = [];
  const fixtureSets = [
    { dir: join(root, 'libs/feed-parsers/src/camt/fixtures'), match: /\.xml$/, others: (file: string) => (/camt053/.test(file) ? [iso] : []) },
    { dir: join(root, 'libs/feed-parsers/src/ofx/fixtures'), match: /\.(ofx|qfx)$/, others: () => ofxContenders },
  ];
  for (const set of fixtureSets) {
    for (const file of readdirSync(set.dir).filter((f) => set.match.test(f)).sort()) {
      const bytes = readFileSync(join(set.dir, file));
      const ours = kontor(set.dir.endsWith('ofx/fixtures') ? ofxParser : camtParserFor(file));
      const ourReading = await ours.read(bytes);
      fixtureRows.push([file, ours.name, describe(ourReading), '']);
      const others = set.others(file);
      const readings: Reading[] = [];
      for (const other of others) {
        const reading = await other.read(bytes);
        readings.push(reading);
        fixtureRows.push(['', other.name, describe(reading), agrees(reading, ourReading) ? 'same' : 'DIFFERS']);
      }
      const timed = await timeInterleaved([ours.read, ...others.filter((_, index) => readings[index].ok).map((other) => other.read)], bytes);
      const ourTime = timed[0];
      let next = 1;
      for (const [index, other] of others.entries()) {
        const theirTime = readings[index].ok ? timed[next++] : NO_TIMING;
        speedRows.push([
          file,
          other.name,
          round(ourTime.cpu * 1000, 0),
          round(theirTime.cpu * 1000, 0),
          readings[index].ok ? round(theirTime.cpu / ourTime.cpu, 2) : 'n/a (fails)',
          round(ourTime.wall * 1000, 0),
          round(theirTime.wall * 1000, 0),
          readings[index].ok ? round(theirTime.wall / ourTime.wall, 2) : 'n/a',
        ]);
      }
      if (others.length === 0) speedRows.push([file, '(no npm parser reads it)', round(ourTime.cpu * 1000, 0), '-', '-', round(ourTime.wall * 1000, 0), '-', '-']);
    }
  }
  console.log('Correctness on the fixture files (what each parser read; "same" = same figures as Kontor)\n');
  console.log(table(['file', 'parser', 'reading', 'vs kontor'], fixtureRows));
  console.log('\nSpeed on the fixture files (µs per parse, median; ratio = other ÷ kontor, > 1 means Kontor is faster)\n');
  console.log(table(['file', 'other parser', 'kontor cpu µs', 'other cpu µs', 'ratio cpu', 'kontor wall µs', 'other wall µs', 'ratio wall'], speedRows));
  results.fixtures = { correctness: fixtureRows, speed: speedRows };

  // 2. Mid-size generated files: truth known.
  const mid = {
    camt053: await generate(join(DIR, `camt053-${MID}.xml`), () => writeCamt053(join(DIR, `camt053-${MID}.xml`), MID)),
    ofxSgml: await generate(join(DIR, `ofx-sgml-${MID}.ofx`), () => writeOfx(join(DIR, `ofx-sgml-${MID}.ofx`), MID, 'sgml')),
    ofxXml: await generate(join(DIR, `ofx-xml-${MID}.ofx`), () => writeOfx(join(DIR, `ofx-xml-${MID}.ofx`), MID, 'xml')),
  };
  const midRows: (string | number)[][] = [];
  for (const [label, truth, contenders] of [
    ['camt.053', mid.camt053, [kontor(camt053Parser), iso]],
    ['OFX 1.0.2 SGML', mid.ofxSgml, [kontor(ofxParser), ...ofxContenders]],
    ['OFX 2.2 XML', mid.ofxXml, [kontor(ofxParser), ...ofxContenders]],
  ] as const) {
    const bytes = readFileSync(truth.path);
    const readings: Reading[] = [];
    for (const contender of contenders) readings.push(await contender.read(bytes));
    const timed = await timeInterleaved(contenders.filter((_, index) => readings[index].ok).map((contender) => contender.read), bytes);
    let next = 0;
    const times = contenders.map((_, index) => (readings[index].ok ? timed[next++] : NO_TIMING));
    const ours = times[0];
    for (const [index, contender] of contenders.entries()) {
      const reading = readings[index];
      const time = times[index];
      midRows.push([
        `${label} ${round(truth.bytes / MiB, 1)} MB`,
        contender.name,
        matchesTruth(reading, truth) ? 'exact' : `WRONG: ${describe(reading)}`,
        round(time.cpu, 1),
        round(truth.bytes / MiB / (time.cpu / 1000), 1),
        contender.name === 'kontor' ? '1.00' : round(time.cpu / ours.cpu, 2),
        round(time.wall, 1),
        contender.name === 'kontor' ? '1.00' : round(time.wall / ours.wall, 2),
      ]);
    }
    midRows.push([`  truth: ${truth.statements} statements, ${truth.bookedEntries} entries (${truth.splitEntries} split), Σ ${fmtCents(truth.netCents)}`, '', '', '', '', '', '', '']);
  }
  console.log('\nMid-size generated files (correctness against the generator; ms per parse, median; ratio = other ÷ kontor)\n');
  console.log(table(['file', 'parser', 'correct', 'cpu ms', 'MB/s (cpu)', 'ratio cpu', 'wall ms', 'ratio wall'], midRows));
  results.midSize = midRows;

  // 3. Large files, Kontor only (the npm parsers need the whole file as one string and a tree of it).
  if (!args['skip-large']) {
    const largeRows: (string | number)[][] = [];
    for (const [label, path, write] of [
      ['camt.053', join(DIR, `camt053-${Math.round(SIZE / 4)}.xml`), (p: string) => writeCamt053(p, SIZE / 4)],
      ['camt.053', join(DIR, `camt053-${SIZE}.xml`), (p: string) => writeCamt053(p, SIZE)],
      ['OFX 1.0.2 SGML', join(DIR, `ofx-sgml-${SIZE}.ofx`), (p: string) => writeOfx(p, SIZE, 'sgml')],
      ['OFX 2.2 XML', join(DIR, `ofx-xml-${SIZE}.ofx`), (p: string) => writeOfx(p, SIZE, 'xml')],
    ] as const) {
      const truth = await generate(path, () => write(path));
      // A fresh process per file, so its peak RSS is this parse's alone, not what earlier phases left behind.
      const child = JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', __filename, '--child', label === 'camt.053' ? 'camt.053' : 'ofx', path], { encoding: 'utf8', maxBuffer: 1 << 20 }),
      ) as ChildResult;
      const reading = { ...child.reading, netCents: BigInt(child.reading.netCents), closingCents: BigInt(child.reading.closingCents) } as Reading;
      largeRows.push([
        `${label} ${round(truth.bytes / MiB, 0)} MB`,
        matchesTruth(reading, truth) ? 'exact' : `WRONG: ${describe(reading)}`,
        round(child.seconds, 1),
        round(child.cpuSeconds, 1),
        round(truth.bytes / MiB / child.seconds, 1),
        round(truth.bytes / MiB / child.cpuSeconds, 1),
        round((reading.splitEntries ?? 0) / child.seconds, 0),
        round((reading.splitEntries ?? 0) / child.cpuSeconds, 0),
        round(child.startRssMb, 0),
        round(child.peakRssMb, 0),
        round(child.maxRssMb, 0),
      ]);
      if (!args.keep) rmSync(path, { force: true });
    }
    console.log(`\nLarge files, streamed from disk in 64 KiB chunks (Kontor, one fresh process per file)\n`);
    console.log(table(['file', 'correct', 'wall s', 'cpu s', 'MB/s wall', 'MB/s cpu', 'entries/s wall', 'entries/s cpu', 'RSS at start MB', 'peak RSS sampled MB', 'max RSS (OS) MB'], largeRows));
    results.large = largeRows;
  }
  const out = join(root, 'dist/bench-results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `xml-formats-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
  console.log(`\nresults: ${file}`);
}

/** Generates a file once per size (kept in the temp dir between runs unless removed). */
async function generate(path: string, write: () => Promise<GeneratedTruth>): Promise<GeneratedTruth> {
  const truthFile = `${path}.truth.json`;
  if (existsSync(path) && existsSync(truthFile) && statSync(path).size > 0) {
    const stored = JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, string | number>;
    return { ...(stored as unknown as GeneratedTruth), netCents: BigInt(stored.netCents), closingCents: BigInt(stored.closingCents) };
  }
  process.stderr.write(`generating ${path} …\n`);
  const truth = await write();
  writeFileSync(truthFile, JSON.stringify(truth, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return truth;
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  startRssMb: number;
  peakRssMb: number;
  /** The OS's high-water mark for the whole child process (`getrusage` maxrss). */
  maxRssMb: number;
  reading: Record<string, unknown> & { netCents: string; closingCents: string };
}

/** `--child <camt.053|ofx> <path>`: parse one file from disk, print timings and memory as JSON. */
async function child(format: string, path: string): Promise<void> {
  gc();
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = nowMs();
  const startedCpu = cpuMs();
  const reading = await readWithKontor(format === 'ofx' ? ofxParser : camt053Parser, createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>);
  const seconds = (nowMs() - started) / 1000;
  const cpuSeconds = (cpuMs() - startedCpu) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const result: ChildResult = {
    seconds,
    cpuSeconds,
    startRssMb: startRss / MiB,
    peakRssMb: peak / MiB,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    reading: { ...reading, netCents: reading.netCents.toString(), closingCents: reading.closingCents.toString() },
  };
  process.stdout.write(JSON.stringify(result));
}

(args.child !== undefined ? child(args.child, positionals[0]) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
