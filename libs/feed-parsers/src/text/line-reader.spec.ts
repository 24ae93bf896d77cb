import { FeedStructureError } from '../feed-parser';
import { bufferChunks } from './feed-items';
import { readLines } from './line-reader';
import { normalizeDecimal } from './decimal';
import { isValidIban } from './fields';

async function lines(buffer: Buffer, chunkSize: number, options = {}): Promise<{ text: string; line: number }[]> {
  const result: { text: string; line: number }[] = [];
  for await (const line of readLines(bufferChunks(buffer, chunkSize), options)) result.push(line);
  return result;
}

describe('readLines', () => {
  it('splits LF, CRLF and lone CR the same way, whatever the chunk boundaries', async () => {
    const text = 'one\r\ntwo\nthree\rfour\r\n\r\nsix';
    for (const size of [1, 2, 3, 5, 100]) {
      expect(await lines(Buffer.from(text), size)).toEqual([
        { text: 'one', line: 1 },
        { text: 'two', line: 2 },
        { text: 'three', line: 3 },
        { text: 'four', line: 4 },
        { text: '', line: 5 },
        { text: 'six', line: 6 },
      ]);
    }
  });

  it('drops a byte-order mark and keeps multi-byte characters split across chunks', async () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße\nÄrger')]);
    expect((await lines(buffer, 1)).map((l) => l.text)).toEqual(['Grüße', 'Ärger']);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const buffer = Buffer.concat([Buffer.from('ok\nfine\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const error = await lines(buffer, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedStructureError);
    expect(error).toMatchObject({ reason: 'invalid-encoding', location: { line: 3 } });
  });

  it('decodes latin1 and windows-1252 for CSV profiles', async () => {
    const bytes = Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80, 0x0a]);
    expect((await lines(bytes, 3, { encoding: 'latin1' }))[0].text).toBe('Müller \u0080');
    expect((await lines(bytes, 3, { encoding: 'windows-1252' }))[0].text).toBe('Müller €');
  });

  it('refuses a line longer than the bound as a malformed record', async () => {
    const error = await lines(Buffer.from(`short\n${'x'.repeat(100)}\n`), 7, { maxLineLength: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'malformed-record', location: { line: 2 } });
  });
});

describe('normalizeDecimal', () => {
  it.each([
    ['1.234,56', ',', '.', '1234.56'],
    ['1,234.56', '.', ',', '1234.56'],
    ['0001,50', ',', '', '1.50'],
    ['9,', ',', '', '9'],
    [',5', ',', '', '0.5'],
    ["1'000.00", '.', "'", '1000.00'],
  ] as const)('reads %s', (raw, decimal, thousands, expected) => {
    expect(normalizeDecimal(raw, decimal, thousands)).toBe(expected);
  });

  it.each([['1.2.3', ',', '.'], ['12,34,5', ',', ''], ['1e5', '.', ''], ['', '.', ''], ['1.23.456,00', ',', '.']] as const)('refuses %s', (raw, decimal, thousands) => {
    expect(normalizeDecimal(raw, decimal, thousands)).toBeUndefined();
  });
});

describe('isValidIban', () => {
  it('checks the ISO 13616 check digits', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
  });
});

describe('readLines with the legacy fallback (MT940)', () => {
  it('reads an 8-bit file as Windows-1252 from the first byte that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(':86:M'), Buffer.from([0xfc]), Buffer.from('ller\n:86:Stra'), Buffer.from([0xdf]), Buffer.from('e\n')]);
    expect((await lines(bytes, 3, { legacyFallback: true })).map((l) => l.text)).toEqual([':86:Müller', ':86:Straße']);
  });

  it('still refuses a file that mixes UTF-8 text with other bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('Grüße\n'), Buffer.from([0xfc, 0x0a])]);
    expect(await lines(bytes, 100, { legacyFallback: true }).catch((e: unknown) => e)).toMatchObject({ reason: 'invalid-encoding', location: { line: 2 } });
  });
});
