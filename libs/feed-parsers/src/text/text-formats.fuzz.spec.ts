import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CsvProfile, FeedItem, FeedParser, FeedStructureError, ParseOptions } from '../feed-parser';
import { bai2Parser } from '../bai2';
import { berlinGroupParser } from '../berlin-group';
import { csvParser } from '../csv';
import { mt940Parser, mt942Parser } from '../mt940';
import { checkFeedItem, mutate, mutationArbitrary, randomInput } from '../fuzz.test-support';
import { collectFeedItems } from './feed-items';

/**
 * Random and mutated files for every text-format parser: each run must end with items of the promised
 * shape or a FeedStructureError; nothing else may escape, and nothing may hang (the suite is bounded).
 */

const here = (folder: string, name: string): Buffer => readFileSync(join(__dirname, '..', folder, 'fixtures', name));
const csvProfile: CsvProfile = {
  delimiter: ';',
  header: true,
  skipLines: 4,
  encoding: 'windows-1252',
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  thousandsSeparator: '.',
  columns: { bookingDate: 'Buchungstag', valueDate: 'Valuta', description: 'Verwendungszweck', amount: 'Betrag', creditDebitMarker: 'Soll/Haben', currency: 'Währung' },
  debitMarkers: ['S'],
  defaultAccountId: 'DE89370400440532013000',
};

interface Target {
  parser: FeedParser;
  seeds: Buffer[];
  options?: ParseOptions;
}

const targets: Record<string, Target> = {
  mt940: {
    parser: mt940Parser,
    seeds: ['wolph__jejik_abnamro.sta', 'wolph__jejik_ing.sta', 'wolph__mBank_mt940.sta', 'wolph__sberbank_171011_01234945.sta', 'hand-made-dfue-swift-blocks.sta', 'hand-made-ing-structured.sta'].map((n) => here('mt940', n)),
  },
  mt942: { parser: mt942Parser, seeds: [here('mt940', 'hand-made-mt942.sta')] },
  bai2: { parser: bai2Parser, seeds: [here('bai2', 'hand-made-two-groups.bai2')] },
  csv: { parser: csvParser, seeds: [here('csv', 'hand-made-german-bank-windows-1252.csv')], options: { csvProfile } },
  'berlin-group': {
    parser: berlinGroupParser,
    seeds: ['hand-made-rich-transactions.json', 'hand-made-card-report.json', 'nextgenpsd2-1.3.11__transactionsExample1_RegularAccount_json.json'].map((n) => here('berlin-group', n)),
  },
};

/** Characters each format gives meaning to, so mutations hit the parser's decisions rather than only text. */
const SPECIAL = [':', '\n', '\r', '/', ',', ';', '"', '{', '}', '[', ']', '-', '?', '+', '0', '9', 'C', 'D', '\\', '\u0000', '\u00ff', '88,', ':61:', ':62F:', '{4:', '-}'];

const mutation = mutationArbitrary(SPECIAL, { deleteMax: 40, duplicateMax: 80 });

/** The shared promises, and the text formats' own: every entry and statement names its account. */
function checkItem(item: FeedItem): void {
  checkFeedItem(item);
  if (item.kind === 'entry') expect(item.entry.accountId.length).toBeGreaterThan(0);
  if (item.kind === 'statement') expect(item.accountId.length).toBeGreaterThan(0);
}

async function survives(target: Target, input: Buffer, chunkSize: number): Promise<void> {
  try {
    const items = await collectFeedItems(target.parser, input, target.options, chunkSize);
    items.forEach(checkItem);
  } catch (error) {
    if (!(error instanceof FeedStructureError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe.each(Object.entries(targets))('%s parser under fuzzing', (_name, target) => {
  it('survives mutated real files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: target.seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4096 }), async (seedIndex, mutations, chunkSize) => {
        await survives(target, mutate(target.seeds[seedIndex], mutations), chunkSize);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it('survives random bytes and random text', async () => {
    await fc.assert(
      fc.asyncProperty(randomInput(2000), async (input) => {
        await survives(target, input, 97);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('survives lines shuffled from its seeds', async () => {
    const lines = target.seeds.flatMap((seed) => seed.toString('latin1').split('\n'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...lines), { maxLength: 60 }), async (picked) => {
        await survives(target, Buffer.from(picked.join('\n'), 'latin1'), 64);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
});
