import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMonetaryCurrency } from '@kontor/money';
import { CsvProfile, FeedItem, FeedParser, FeedStructureError, ParseOptions } from '../feed-parser';
import { bai2Parser } from '../bai2';
import { berlinGroupParser } from '../berlin-group';
import { csvParser } from '../csv';
import { mt940Parser, mt942Parser } from '../mt940';
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

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 12 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
);

function mutate(seed: Buffer, mutations: Mutation[]): Buffer {
  let data = seed;
  for (const m of mutations) {
    const at = data.length === 0 ? 0 : m.at % (data.length + 1);
    switch (m.kind) {
      case 'flip':
        if (data.length > 0) {
          data = Buffer.from(data);
          data[at % data.length] = m.byte;
        }
        break;
      case 'truncate':
        data = data.subarray(0, at);
        break;
      case 'insert':
        data = Buffer.concat([data.subarray(0, at), Buffer.from(m.text), data.subarray(at)]);
        break;
      case 'delete':
        data = Buffer.concat([data.subarray(0, at), data.subarray(at + m.length)]);
        break;
      case 'duplicate':
        data = Buffer.concat([data.subarray(0, at + m.length), data.subarray(at, at + m.length), data.subarray(at + m.length)]);
        break;
    }
  }
  return data;
}

const DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What every yielded item promises, whatever the input. */
function checkItem(item: FeedItem): void {
  switch (item.kind) {
    case 'entry':
      expect(item.entry.amount).toMatch(DECIMAL);
      expect(isMonetaryCurrency(item.entry.currency)).toBe(true);
      expect(item.entry.bookingDate).toMatch(DATE);
      expect(['CRDT', 'DBIT']).toContain(item.entry.creditDebit);
      expect(item.entry.accountId.length).toBeGreaterThan(0);
      break;
    case 'balance':
      expect(item.balance.amount).toMatch(DECIMAL);
      expect(isMonetaryCurrency(item.balance.currency)).toBe(true);
      expect(item.balance.asOfDate).toMatch(DATE);
      break;
    case 'entry-error':
      expect(item.detail.length).toBeGreaterThan(0);
      break;
    case 'statement':
      expect(item.accountId.length).toBeGreaterThan(0);
      break;
  }
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
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)), fc.string({ maxLength: 2000 }).map((text) => Buffer.from(text))), async (input) => {
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
