import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMonetaryCurrency } from '@kontor/money';
import fc from 'fast-check';
import { camt052Parser, camt053Parser, camt054Parser } from '../camt/camt.parser';
import { FeedStructureError, type FeedItem, type FeedParser } from '../feed-parser';
import { ofxParser } from '../ofx/ofx.parser';
import { inChunks } from './feed-test-helpers';

/**
 * Property-based robustness: valid files mutated (bytes flipped, cut, inserted, duplicated, markup spliced in)
 * and random bytes, in random chunk sizes. Whatever comes in, a parser either yields well-formed items or
 * rejects with a FeedStructureError, and always finishes quickly. Runs are bounded so the suite stays fast.
 */

const RUNS = 500;
const PER_RUN_MS = 3000;

const camtDir = join(__dirname, '../camt/fixtures');
const ofxDir = join(__dirname, '../ofx/fixtures');
const load = (dir: string, match: RegExp) => readdirSync(dir).filter((f) => match.test(f)).map((f) => readFileSync(join(dir, f)));

const subjects: { name: string; parser: FeedParser; seeds: Buffer[] }[] = [
  { name: 'camt.052', parser: camt052Parser, seeds: load(camtDir, /camt052.*\.xml$/) },
  { name: 'camt.053', parser: camt053Parser, seeds: load(camtDir, /camt053.*\.xml$/) },
  { name: 'camt.054', parser: camt054Parser, seeds: load(camtDir, /camt054.*\.xml$/) },
  { name: 'ofx', parser: ofxParser, seeds: load(ofxDir, /\.(ofx|qfx)$/) },
];

const MARKUP = ['<', '>', '&', '</', '/>', '&amp;', '&#0;', '&#x110000;', '&lol;', '<!DOCTYPE x [<!ENTITY a "b">]>', '<![CDATA[', ']]>', '<?', '"', "'", '\u0000', '\ufffd', 'é', '<Ntry>', '</Ntry>', '<STMTTRN>', '</STMTTRN>', '<TRNAMT>', '-', '.', ',', '9'.repeat(30)];

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'markup'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('markup' as const), at: position, text: fc.constantFrom(...MARKUP) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }) }),
);

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    const at = Math.floor(m.at * bytes.length);
    switch (m.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = m.byte;
        break;
      case 'cut':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
        break;
      case 'markup':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
        break;
    }
  }
  return bytes;
}

const DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What every yielded item must satisfy, however odd the input. */
function checkItem(item: FeedItem): void {
  switch (item.kind) {
    case 'entry': {
      const e = item.entry;
      expect(e.amount).toMatch(DECIMAL);
      expect(isMonetaryCurrency(e.currency)).toBe(true);
      expect(['CRDT', 'DBIT']).toContain(e.creditDebit);
      expect(['booked', 'pending']).toContain(e.status);
      expect(e.bookingDate).toMatch(DATE);
      expect(typeof e.accountId).toBe('string');
      if (e.fx) expect(e.fx.originalAmount).toMatch(DECIMAL);
      break;
    }
    case 'balance':
      expect(item.balance.amount).toMatch(DECIMAL);
      expect(isMonetaryCurrency(item.balance.currency)).toBe(true);
      expect(item.balance.asOfDate).toMatch(DATE);
      break;
    case 'entry-error':
      expect(item.detail.length).toBeGreaterThan(0);
      expect(item.location.element).toBeDefined();
      break;
    case 'statement':
      expect(typeof item.accountId).toBe('string');
      break;
  }
}

/** Parses to the end; resolves 'ok' or 'refused', throws anything else, and fails if it does not finish in time. */
async function parseWithin(parser: FeedParser, bytes: Buffer, chunkSize: number): Promise<'ok' | 'refused'> {
  let timer: NodeJS.Timeout | undefined;
  const run = (async () => {
    try {
      for await (const item of parser.parse(inChunks(bytes, chunkSize))) checkItem(item);
      return 'ok' as const;
    } catch (error) {
      if (error instanceof FeedStructureError) return 'refused' as const;
      throw error;
    }
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parse did not finish within ${PER_RUN_MS} ms`)), PER_RUN_MS);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(subjects)('$name parser under fuzzing', ({ parser, seeds }) => {
  it('has seed files, and reads every one of them', async () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const seed of seeds) await expect(parseWithin(parser, seed, 4096)).resolves.toBe('ok');
  });

  it('mutated files: only well-formed items or a FeedStructureError, never a hang', async () => {
    const outcomes = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 8192 }), async (which, mutations, chunkSize) => {
        outcomes[await parseWithin(parser, mutate(seeds[which], mutations), chunkSize)]++;
      }),
      { numRuns: RUNS },
    );
    // Both paths were exercised: some mutations are harmless, most break the file.
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('random bytes and random text: a FeedStructureError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)), fc.string({ maxLength: 2048 }).map((s) => Buffer.from(s))), fc.integer({ min: 1, max: 512 }), async (bytes, chunkSize) => {
        await parseWithin(parser, bytes, chunkSize);
      }),
      { numRuns: RUNS },
    );
  });
});
