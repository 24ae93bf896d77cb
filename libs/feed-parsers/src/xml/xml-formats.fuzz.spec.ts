import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { camt052Parser, camt053Parser, camt054Parser } from '../camt/camt.parser';
import { FeedStructureError, type FeedItem, type FeedParser } from '../feed-parser';
import { checkFeedItem, mutate, mutationArbitrary, randomInput } from '../fuzz.test-support';
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

const mutation = mutationArbitrary(MARKUP, { deleteMax: 64, duplicateMax: 256 });

/** The shared promises, and the XML formats' own: an entry error names the element it is about. */
function checkItem(item: FeedItem): void {
  checkFeedItem(item);
  if (item.kind === 'entry-error') expect(item.location.element).toBeDefined();
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
      fc.asyncProperty(randomInput(2048), fc.integer({ min: 1, max: 512 }), async (bytes, chunkSize) => {
        await parseWithin(parser, bytes, chunkSize);
      }),
      { numRuns: RUNS },
    );
  });
});
