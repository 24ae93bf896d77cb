import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { bai2Parser, berlinGroupParser, collectFeedItems, csvParser, FeedItem, FeedParser, mt940Parser, ParseOptions } from '@kontor/feed-parsers';
import { benchCsvProfile, Generated, GeneratedTruth, generateBai2, generateBerlinGroup, generateCsv, generateMt940 } from './text-formats-data.bench';

/**
 * Text-format parser benchmark (MT940, BAI2, CSV, Berlin Group). Three parts, one run:
 * 1. correctness on the MT940 fixtures and a mid-size generated file, Kontor vs mt940js and
 *    @centrapay/swift-parser: entries, amounts, balances against what the files state;
 * 2. speed on the same inputs, medians and ratios (the comparison parsers take the whole text at once);
 * 3. streaming at volume: each format parsed from a file on disk in a child process of its own, reporting
 *    MB/s, entries/s and peak RSS, at two sizes so growth with size would show.
 *
 * Run: `npm run build && node dist/bench/parsers/text-formats.bench.js`. Sizes in MB from the environment:
 * BENCH_MT940_MB (default 200), BENCH_TEXT_MB (BAI2/CSV/Berlin Group, default 50), BENCH_MID_MB (default 8),
 * BENCH_HEAP_CAP_MB (old-space cap of the streaming children, default 64), BENCH_WARM_UP_MS (warm-up per parser
 * and input before timing, default 300). `--skip-streaming` runs parts 1 and 2 only.
 */

const megabytes = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of MB`);
  return value;
};

// ---- the comparison parsers: untyped CommonJS packages, described here as far as the bench uses them ----

interface Decimalish {
  toString(): string;
}
interface ComparedTransaction {
  amount: number | Decimalish;
}
interface ComparedStatement {
  openingBalance: number | Decimalish;
  closingBalance: number | Decimalish;
  transactions: ComparedTransaction[];
}
const load = createRequire(__filename);
const mt940js = load('mt940js') as { Parser: new () => { parse(text: string): ComparedStatement[] } };
const centrapay = load('@centrapay/swift-parser') as { parse(options: { type: 'mt940' | 'mt942'; data: string }): ComparedStatement[] };
const mt940jsParser = new mt940js.Parser();

/** What a parser made of a file, in one comparable shape: per statement, opening, signed entries, closing (minor units). */
interface Reading {
  statements: { opening?: bigint; closing?: bigint; entries: bigint[] }[];
}

/** "−12.5" / 12.5 / BigNumber → minor units at two decimals (every bench currency has exponent 2). */
function toMinor(value: number | Decimalish | string): bigint {
  const text = typeof value === 'number' ? value.toFixed(2) : value.toString();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[3] ?? '').padEnd(2, '0');
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) throw new Error(`more than two decimals: ${text}`);
  const minor = BigInt(match[2] + fraction.slice(0, 2));
  return match[1] === '-' ? -minor : minor;
}

function readingOfItems(items: FeedItem[]): Reading {
  const statements: Reading['statements'] = [];
  for (const item of items) {
    if (item.kind === 'statement') statements.push({ entries: [] });
    const current = statements[statements.length - 1];
    if (!current) continue;
    if (item.kind === 'entry') current.entries.push((item.entry.creditDebit === 'DBIT' ? -1n : 1n) * toMinor(item.entry.amount));
    if (item.kind === 'balance') {
      const signed = (item.balance.creditDebit === 'DBIT' ? -1n : 1n) * toMinor(item.balance.amount);
      if (item.balance.balanceType === 'opening-booked') current.opening = signed;
      if (item.balance.balanceType === 'closing-booked') current.closing = signed;
    }
  }
  return { statements };
}

function readingOfStatements(statements: ComparedStatement[]): Reading {
  return { statements: statements.map((s) => ({ opening: toMinor(s.openingBalance), closing: toMinor(s.closingBalance), entries: s.transactions.map((t) => toMinor(t.amount)) })) };
}

interface Contender {
  name: string;
  read(buffer: Buffer): Promise<Reading>;
}

const contenders: Contender[] = [
  { name: 'kontor', read: async (buffer) => readingOfItems(await collectFeedItems(mt940Parser, buffer)) },
  { name: 'mt940js', read: async (buffer) => readingOfStatements(mt940jsParser.parse(buffer.toString('utf8'))) },
  { name: '@centrapay/swift-parser', read: async (buffer) => readingOfStatements(centrapay.parse({ type: 'mt940', data: buffer.toString('utf8') })) },
];

// ---- part 1: correctness ----

/** What each fixture states, read by hand from the files (the unit tests assert the same figures). */
const FIXTURE_TRUTH: Record<string, { opening: string; entries: string[]; closing: string }[]> = {
  'wolph__jejik_abnamro.sta': [
    { opening: '3236.28', entries: ['-9', '-11.59', '-11.63', '-11.8', '-13.45', '-15.49', '-107', '-141.48'], closing: '876.84' },
    { opening: '2876.84', entries: ['-9.49', '-15'], closing: '1849.75' },
  ],
  'wolph__jejik_ing.sta': [{ opening: '0', entries: ['-25.03', '-3.03', '-1.11', '-20', '-1.10', '3.68', '1'], closing: '3.47' }],
  'wolph__mBank_mt940.sta': [{ opening: '0.40', entries: ['0.01', '0.01', '0.01'], closing: '0.43' }],
  'wolph__sberbank_171011_01234945.sta': [{ opening: '627311.30', entries: ['-2402', '-3460', '-3575'], closing: '617874.30' }],
  'hand-made-dfue-swift-blocks.sta': [
    { opening: '1000', entries: ['-150', '2500', '150'], closing: '3500' },
    { opening: '500', entries: ['-10'], closing: '490' },
  ],
  'hand-made-abnamro-structured.sta': [{ opening: '1000', entries: ['-45.50', '120'], closing: '1074.50' }],
  'hand-made-ing-structured.sta': [{ opening: '2500', entries: ['150', '-35'], closing: '2615' }],
  'hand-made-sepa-keywords-bare.sta': [{ opening: '100', entries: ['-19.99'], closing: '80.01' }],
};

type Verdict = 'correct' | string;

function judge(reading: Reading, truth: { opening: bigint; closing: bigint; entries: bigint[] }[]): Verdict {
  if (reading.statements.length !== truth.length) return `${reading.statements.length} statements, file has ${truth.length}`;
  for (let index = 0; index < truth.length; index++) {
    const got = reading.statements[index];
    const want = truth[index];
    if (got.entries.length !== want.entries.length) return `statement ${index + 1}: ${got.entries.length} entries, file has ${want.entries.length}`;
    const wrong = want.entries.findIndex((amount, position) => got.entries[position] !== amount);
    if (wrong >= 0) return `statement ${index + 1} entry ${wrong + 1}: ${got.entries[wrong]} ≠ ${want.entries[wrong]} (minor units)`;
    if (got.opening !== want.opening || got.closing !== want.closing) return `statement ${index + 1}: balances ${got.opening}/${got.closing} ≠ ${want.opening}/${want.closing}`;
  }
  return 'correct';
}

async function verdictOf(contender: Contender, buffer: Buffer, truth: { opening: bigint; closing: bigint; entries: bigint[] }[]): Promise<Verdict> {
  try {
    return judge(await contender.read(buffer), truth);
  } catch (error) {
    return `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 70)}`;
  }
}

const fixtureDir = join(__dirname, '..', '..', '..', 'libs', 'feed-parsers', 'src', 'mt940', 'fixtures');

function fixtureBuffer(name: string): Buffer {
  // dist/bench/parsers → the repository's fixture folder; fall back to running from the source tree.
  for (const dir of [fixtureDir, join(__dirname, '..', '..', 'libs', 'feed-parsers', 'src', 'mt940', 'fixtures')]) {
    try {
      return readFileSync(join(dir, name));
    } catch {
      continue;
    }
  }
  throw new Error(`fixture ${name} not found`);
}

/**
 * The file without what surrounds its messages (bank header lines, blank lines), for the comparison
 * parsers, which stop at such lines; the messages themselves are untouched.
 */
function withoutBankPreamble(buffer: Buffer): Buffer {
  let inMessage = false;
  const kept: string[] = [];
  for (const line of buffer.toString('utf8').split(/\r?\n/)) {
    if (line.startsWith(':20:')) inMessage = true;
    if (!inMessage || line.trim() === '') continue;
    kept.push(line);
    if (line.startsWith('-')) inMessage = false;
  }
  return Buffer.from(`${kept.join('\n')}\n`);
}

function collect(generated: Generated): Buffer {
  return Buffer.from([...generated.pieces].join(''), 'utf8');
}

/** The generated file's truth, statement by statement, read back from its own text (opening/closing/entries as written). */
function generatedTruth(buffer: Buffer): { opening: bigint; closing: bigint; entries: bigint[] }[] {
  const statements: { opening: bigint; closing: bigint; entries: bigint[] }[] = [];
  const amount = (text: string): bigint => toMinor(text.replace(',', '.'));
  for (const line of buffer.toString('utf8').split('\r\n')) {
    if (line.startsWith(':60F:C')) statements.push({ opening: amount(line.slice(15)), closing: 0n, entries: [] });
    else if (line.startsWith(':61:')) {
      const match = /^:61:\d{10}([CD])R([\d,]+)N/.exec(line) as RegExpExecArray;
      statements[statements.length - 1].entries.push((match[1] === 'D' ? -1n : 1n) * amount(match[2]));
    } else if (line.startsWith(':62F:C')) statements[statements.length - 1].closing = amount(line.slice(15));
  }
  return statements;
}

// ---- part 2: speed ----

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU time of this process (user + system), µs: on a shared machine, wall time mostly measures the neighbours. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Warm-up per runner and input before anything is timed (BENCH_WARM_UP_MS). */
const WARM_UP_MS = Number(process.env.BENCH_WARM_UP_MS ?? 300);
if (!Number.isFinite(WARM_UP_MS) || WARM_UP_MS < 0) throw new Error('BENCH_WARM_UP_MS must be a number of milliseconds');

/**
 * Median CPU time per parse of each runner, measured in interleaved rounds (A, B, C, A, B, C, …) so load from
 * other processes on a shared machine falls on every runner alike. NaN for a runner that throws.
 */
async function interleavedMedians(runners: (() => Promise<unknown>)[], rounds: number, iterations: number): Promise<number[]> {
  const usable = await Promise.all(runners.map((run) => run().then(() => true, () => false)));
  // Warm-up: let the JIT compile every runner's hot paths before anything is timed. By time, not by count:
  // 400 parses of a 10 µs file were 4 ms, too little for V8 to optimize, and the first files timed ran
  // 2–4× slower than once it had (measured).
  for (let index = 0; index < runners.length; index++) {
    if (!usable[index]) continue;
    const warmUntil = Date.now() + WARM_UP_MS;
    let warmed = 0;
    while (warmed < 2 || Date.now() < warmUntil) {
      await runners[index]();
      warmed++;
    }
  }
  const samples: number[][] = runners.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < runners.length; index++) {
      if (!usable[index]) continue;
      const started = cpuMicros();
      for (let i = 0; i < iterations; i++) await runners[index]();
      samples[index].push((cpuMicros() - started) / 1000 / iterations);
    }
  }
  return samples.map((values, index) => (usable[index] ? median(values) : Number.NaN));
}

// ---- part 3: streaming at volume, in a child process per run ----

/** `--skip-streaming`: parts 1 and 2 only. */
const SKIP_STREAMING = process.argv.includes('--skip-streaming');

interface StreamResult {
  format: string;
  megabytes: number;
  seconds: number;
  cpuSeconds: number;
  entries: number;
  entryErrors: number;
  netMinor: string;
  statements: number;
  baselineRssMb: number;
  peakRssMb: number;
}

const STREAM_PARSERS: Record<string, { parser: FeedParser; options?: ParseOptions; generate: (bytes: number) => Generated }> = {
  mt940: { parser: mt940Parser, generate: generateMt940 },
  bai2: { parser: bai2Parser, generate: generateBai2 },
  csv: { parser: csvParser, options: { csvProfile: benchCsvProfile }, generate: generateCsv },
  'berlin-group': { parser: berlinGroupParser, generate: generateBerlinGroup },
};

async function streamChild(format: string, file: string): Promise<void> {
  const { parser, options } = STREAM_PARSERS[format];
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let entries = 0;
  let entryErrors = 0;
  let statements = 0;
  let net = 0n;
  const started = process.hrtime.bigint();
  const cpuStarted = cpuMicros();
  for await (const item of parser.parse(createReadStream(file, { highWaterMark: 256 * 1024 }), options)) {
    if (item.kind === 'entry') {
      entries++;
      net += (item.entry.creditDebit === 'DBIT' ? -1n : 1n) * toMinor(item.entry.amount);
    } else if (item.kind === 'entry-error') entryErrors++;
    else if (item.kind === 'statement') statements++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpuMicros() - cpuStarted) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const bytes = statSync(file).size;
  const result: StreamResult = {
    format,
    megabytes: bytes / 1e6,
    seconds,
    cpuSeconds,
    entries,
    entryErrors,
    netMinor: net.toString(),
    statements,
    baselineRssMb: baseline / 1e6,
    peakRssMb: peak / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Old-space limit of each streaming child, in MB (BENCH_HEAP_CAP_MB). */
const HEAP_CAP_MB = megabytes('BENCH_HEAP_CAP_MB', 64);

async function writeGenerated(generated: Generated, file: string): Promise<void> {
  const out = createWriteStream(file);
  for (const piece of generated.pieces) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function streamRun(format: string, bytes: number): Promise<{ result: StreamResult; truth: GeneratedTruth }> {
  const file = join(tmpdir(), `kontor-bench-${process.pid}-${format}-${bytes}.txt`);
  const generated = STREAM_PARSERS[format].generate(bytes);
  try {
    await writeGenerated(generated, file);
    // The heap cap is the proof of bounded memory: a parser that kept what it read would run out of heap.
    const child = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${HEAP_CAP_MB}`, __filename, '--stream', format, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`child for ${format} failed: ${child.stderr}`);
    return { result: JSON.parse(child.stdout.trim().split('\n').pop() as string) as StreamResult, truth: generated.truth };
  } finally {
    rmSync(file, { force: true });
  }
}

// ---- report ----

const table = (rows: string[][]): string => {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n');
};

async function main(): Promise<void> {
  console.log(`Kontor text-format parser bench — node ${process.version}, ${new Date().toISOString()}\n`);

  console.log('1. Correctness on MT940 files (entries, amounts, opening/closing balances against what the file states)\n');
  const rows = [['file', ...contenders.map((c) => c.name)]];
  const truthFor = (name: string) => FIXTURE_TRUTH[name].map((s) => ({ opening: toMinor(s.opening), closing: toMinor(s.closing), entries: s.entries.map(toMinor) }));
  for (const name of Object.keys(FIXTURE_TRUTH)) {
    const buffer = fixtureBuffer(name);
    rows.push([name, ...(await Promise.all(contenders.map((c) => verdictOf(c, buffer, truthFor(name)))))]);
  }
  for (const name of Object.keys(FIXTURE_TRUTH)) {
    const cleaned = withoutBankPreamble(fixtureBuffer(name));
    if (cleaned.equals(fixtureBuffer(name))) continue;
    rows.push([`${name} without preamble`, ...(await Promise.all(contenders.map((c) => verdictOf(c, cleaned, truthFor(name)))))]);
  }
  const midBytes = Math.round(megabytes('BENCH_MID_MB', 8) * 1e6);
  const mid = collect(generateMt940(midBytes));
  const midTruth = generatedTruth(mid);
  rows.push([`generated ${(mid.length / 1e6).toFixed(1)} MB`, ...(await Promise.all(contenders.map((c) => verdictOf(c, mid, midTruth))))]);
  console.log(table(rows));

  console.log('\n2. Speed, same inputs (CPU ms per parse, median of 9 interleaved rounds of 200 parses, 7 rounds of 1 for the generated file; ratio = their time ÷ Kontor time, > 1: Kontor is faster)\n');
  const speedRows = [['input', ...contenders.map((c) => `${c.name} ms`), ...contenders.slice(1).map((c) => `ratio vs ${c.name}`)]];
  const inputs: [string, Buffer, number][] = [
    ...Object.keys(FIXTURE_TRUTH).map((name): [string, Buffer, number] => [name, fixtureBuffer(name), 200]),
    ...Object.keys(FIXTURE_TRUTH)
      .filter((name) => !withoutBankPreamble(fixtureBuffer(name)).equals(fixtureBuffer(name)))
      .map((name): [string, Buffer, number] => [`${name} without preamble`, withoutBankPreamble(fixtureBuffer(name)), 200]),
    [`generated ${(mid.length / 1e6).toFixed(1)} MB`, mid, 1],
  ];
  for (const [label, buffer, iterations] of inputs) {
    const times = await interleavedMedians(
      contenders.map((contender) => () => contender.read(buffer)),
      iterations > 1 ? 9 : 7,
      iterations,
    );
    speedRows.push([label, ...times.map((t) => (Number.isNaN(t) ? 'failed' : t.toFixed(3))), ...times.slice(1).map((t) => (Number.isNaN(t) ? '—' : (t / times[0]).toFixed(2)))]);
  }
  console.log(table(speedRows));
  const midMs = Number(speedRows[speedRows.length - 1][1]);
  const midEntries = midTruth.reduce((sum, s) => sum + s.entries.length, 0);
  console.log(`\nKontor on the generated ${(mid.length / 1e6).toFixed(1)} MB MT940: ${(mid.length / 1e6 / (midMs / 1000)).toFixed(1)} MB per CPU second, ${Math.round(midEntries / (midMs / 1000))} entries per CPU second`);

  if (SKIP_STREAMING) return;
  console.log(`\n3. Streaming from disk, one child process per run, V8 old space capped at ${HEAP_CAP_MB} MB (RSS sampled every 20 ms; baseline = before parsing)\n`);
  const mt940Mb = megabytes('BENCH_MT940_MB', 200);
  const otherMb = megabytes('BENCH_TEXT_MB', 50);
  const runs: [string, number][] = [
    ['mt940', mt940Mb / 8],
    ['mt940', mt940Mb],
    ['bai2', otherMb / 4],
    ['bai2', otherMb],
    ['csv', otherMb / 4],
    ['csv', otherMb],
    ['berlin-group', otherMb / 4],
    ['berlin-group', otherMb],
  ];
  const streamRows = [['format', 'MB', 'wall s', 'CPU s', 'MB/s (wall)', 'MB/s (CPU)', 'entries', 'entries/s (CPU)', 'baseline RSS MB', 'peak RSS MB', 'matches generator']];
  for (const [format, size] of runs) {
    const { result, truth } = await streamRun(format, Math.round(size * 1e6));
    const matches = result.entries === truth.entries && result.netMinor === truth.netMinor.toString() && result.entryErrors === 0;
    streamRows.push([
      format,
      result.megabytes.toFixed(1),
      result.seconds.toFixed(2),
      result.cpuSeconds.toFixed(2),
      (result.megabytes / result.seconds).toFixed(1),
      (result.megabytes / result.cpuSeconds).toFixed(1),
      String(result.entries),
      String(Math.round(result.entries / result.cpuSeconds)),
      result.baselineRssMb.toFixed(0),
      result.peakRssMb.toFixed(0),
      matches ? 'yes' : `NO (${result.entries}/${truth.entries} entries, net ${result.netMinor}/${truth.netMinor}, ${result.entryErrors} errors)`,
    ]);
    console.log(`  ${format} ${result.megabytes.toFixed(1)} MB parsed in ${result.seconds.toFixed(2)} s`);
  }
  console.log(`\n${table(streamRows)}`);
}

if (process.argv[2] === '--stream') {
  streamChild(process.argv[3], process.argv[4]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
