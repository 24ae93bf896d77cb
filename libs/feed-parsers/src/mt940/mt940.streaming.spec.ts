import { FeedStructureError } from '../feed-parser';
import { mt940Parser } from './mt940.parser';

/**
 * The MT940 reader drives its own iteration (one await per chunk); these pin down what the generator layers
 * it replaced guaranteed: backpressure, the chunk source closed on failure and on an early stop.
 */

const message = (ref: string, entries: number): string =>
  [
    `:20:${ref}`,
    ':25:NL91ABNA0417164300',
    ':28C:1',
    ':60F:C260105EUR100,00',
    ...Array.from({ length: entries }, (_, i) => `:61:2601050105C${i + 1},00NTRFREF${i}`),
    `:62F:C260105EUR${100 + (entries * (entries + 1)) / 2},00`,
    '-',
  ].join('\r\n') + '\r\n';

/** A chunk source that records how far it was read and whether it was closed. */
function trackedSource(chunks: string[]) {
  const state = { pulled: 0, closed: false };
  const iterable: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => (state.pulled < chunks.length ? { done: false, value: Buffer.from(chunks[state.pulled++]) } : { done: true, value: undefined }),
      return: async () => {
        state.closed = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, state };
}

describe('mt940Parser streaming', () => {
  it('reads the next chunk only once the items of the last one are taken', async () => {
    const { iterable, state } = trackedSource([message('A', 2), message('B', 2)]);
    const iterator = mt940Parser.parse(iterable)[Symbol.asyncIterator]();
    expect(state.pulled).toBe(0);
    const first = await iterator.next();
    expect(first.value).toMatchObject({ kind: 'statement', statementRef: 'A/1' });
    expect(state.pulled).toBe(1);
    const kinds: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) kinds.push(next.value.kind);
    expect(kinds).toEqual(['balance', 'entry', 'entry', 'balance', 'statement', 'balance', 'entry', 'entry', 'balance']);
    expect(state.pulled).toBe(2);
  });

  it('closes the chunk source when the file turns out broken', async () => {
    const { iterable, state } = trackedSource([message('A', 1), ':61:2601050105C1,00NTRFX\r\n', 'more']);
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const item of mt940Parser.parse(iterable)) seen.push(item.kind);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FeedStructureError);
    expect((error as FeedStructureError).reason).toBe('malformed-record');
    expect(seen).toEqual(['statement', 'balance', 'entry', 'balance']);
    expect(state.closed).toBe(true);
  });

  it('closes the chunk source when the caller stops early', async () => {
    const { iterable, state } = trackedSource([message('A', 3), message('B', 3)]);
    for await (const item of mt940Parser.parse(iterable)) if (item.kind === 'entry') break;
    expect(state.closed).toBe(true);
    expect(state.pulled).toBe(1);
  });
});
