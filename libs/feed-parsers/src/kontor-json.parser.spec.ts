import { aKontorJsonFeed } from '@kontor/contracts/testing';
import type { FeedItem } from './feed-parser';
import { FeedStructureError } from './feed-parser';
import { KontorJsonFeedParser, MAX_KONTOR_JSON_ENTRY_BYTES } from './kontor-json.parser';

async function* chunked(body: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function parse(body: string | Buffer, chunkSize = 7): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of new KontorJsonFeedParser().parse(chunked(Buffer.isBuffer(body) ? body : Buffer.from(body), chunkSize))) items.push(item);
  return items;
}

async function structureError(body: string | Buffer): Promise<FeedStructureError> {
  try {
    await parse(body);
  } catch (error) {
    if (error instanceof FeedStructureError) return error;
    throw error;
  }
  throw new Error('expected a FeedStructureError');
}

describe('KontorJsonFeedParser (streaming)', () => {
  it('yields every entry as stated, whatever the chunk boundaries', async () => {
    const body = JSON.stringify(aKontorJsonFeed({ amount: '42.50', description: 'caf\u00e9 \u2615 "quoted" {braces} [x]' }, { amount: '0.1', card: { last4: '1234' } }), null, 2);
    for (const size of [1, 3, 64, 1 << 20]) {
      const items = await parse(body, size);
      expect(items.map((i) => i.kind)).toEqual(['entry', 'entry']);
      const [a, b] = items.map((i) => (i.kind === 'entry' ? i.entry : undefined));
      expect(a).toMatchObject({ amount: '42.50', bankEntryId: 'tx-0001', accountId: 'DE89370400440532013000', description: 'caf\u00e9 \u2615 "quoted" {braces} [x]' });
      expect(b).toMatchObject({ amount: '0.1', bankEntryId: 'tx-0002', card: { last4: '1234' } });
    }
  });

  it('names where each entry sits', async () => {
    const items = await parse('{"entries": [\n' + JSON.stringify(aKontorJsonFeed().entries[0]) + ',\n' + JSON.stringify(aKontorJsonFeed().entries[0]) + '\n]}');
    expect(items.map((i) => i.location)).toEqual([
      { line: 2, element: 'entries[0]' },
      { line: 3, element: 'entries[1]' },
    ]);
  });

  it('lists an invalid entry as an entry error with a reason, and the others proceed', async () => {
    const items = await parse(JSON.stringify(aKontorJsonFeed({}, { amount: '12,50' }, { currency: 'XAU' }, { bookingDate: '28.11.2026' }, { card: { pan: '4111111111111111', last4: '9999' } }, { surprise: 1 } as never)));
    expect(items.map((i) => (i.kind === 'entry-error' ? i.reason : i.kind))).toEqual(['entry', 'invalid-amount', 'unknown-currency', 'invalid-date', 'invalid-entry', 'invalid-entry']);
    const error = items[1];
    expect(error.kind === 'entry-error' && error.detail).toContain('entries[1]: amount');
  });

  it('skips an entry larger than the limit without holding it in memory', async () => {
    const huge = { ...aKontorJsonFeed().entries[0], description: 'x'.repeat(MAX_KONTOR_JSON_ENTRY_BYTES + 10) };
    const items = await parse(JSON.stringify({ entries: [huge, aKontorJsonFeed().entries[0]] }), 4096);
    expect(items.map((i) => (i.kind === 'entry-error' ? i.reason : i.kind))).toEqual(['invalid-entry', 'entry']);
  });

  it.each([
    ['malformed JSON', '{"entries": [{"entryId": tru}]}', 'malformed-json'],
    ['garbage between entries', '{"entries": [{"a":1} x]}', 'malformed-json'],
    ['a truncated file', JSON.stringify(aKontorJsonFeed()).slice(0, 60), 'truncated-file'],
    ['an empty body', '', 'truncated-file'],
    ['an unknown top-level field', '{"entries": [], "extra": 1}', 'feed-invalid'],
    ['no entries', '{"entries": []}', 'feed-invalid'],
    ['entries that are not objects', '{"entries": [1]}', 'feed-invalid'],
    ['content after the feed', JSON.stringify(aKontorJsonFeed()) + ' {}', 'malformed-json'],
  ])('rejects %s as a structural error', async (_, body, reason) => {
    const error = await structureError(body);
    expect(error.reason).toBe(reason);
    expect(error.location.line).toBeGreaterThanOrEqual(1);
  });

  it('rejects bytes that are not UTF-8 as invalid-encoding, naming the line', async () => {
    const body = Buffer.concat([Buffer.from('{"entries": [\n{"entryId": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]);
    const error = await structureError(body);
    expect(error.reason).toBe('invalid-encoding');
    expect(error.location.line).toBe(2);
  });
});
