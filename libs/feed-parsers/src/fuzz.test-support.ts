import fc from 'fast-check';
import { isMonetaryCurrency } from '@kontor/money';
import type { FeedItem } from './feed-parser';

/**
 * Shared pieces of the parsers' fuzz suites: mutations of real files and the promises every yielded item
 * keeps, whatever the input. Each suite adds its format's own tokens and its own extra checks.
 */

/** Positions are fractions of the current length, so a mutation lands inside whatever the file has become. */
export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert-text'; at: number; text: string }
  | { kind: 'insert-bytes'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number };

/** Mutations, with inserted text drawn from `tokens` (what the format gives meaning to) or at random. */
export function mutationArbitrary(tokens: readonly string[], limits: { deleteMax: number; duplicateMax: number }): fc.Arbitrary<Mutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('insert-text' as const), at, text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 12 })) }),
    fc.record({ kind: fc.constant('insert-bytes' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: limits.deleteMax }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: limits.duplicateMax }) }),
  );
}

export function mutate(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let data = Buffer.from(seed);
  for (const m of mutations) {
    const at = Math.floor(m.at * data.length);
    switch (m.kind) {
      case 'flip':
        if (data.length > 0) data[Math.min(at, data.length - 1)] = m.byte;
        break;
      case 'truncate':
        data = data.subarray(0, at);
        break;
      case 'insert-text':
        data = Buffer.concat([data.subarray(0, at), Buffer.from(m.text), data.subarray(at)]);
        break;
      case 'insert-bytes':
        data = Buffer.concat([data.subarray(0, at), Buffer.from(m.bytes), data.subarray(at)]);
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

/** Random bytes or random text, for the parsers to refuse cleanly. */
export const randomInput = (maxLength: number): fc.Arbitrary<Buffer> =>
  fc.oneof(fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes)), fc.string({ maxLength }).map((text) => Buffer.from(text)));

const DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What every yielded item promises, in every format. */
export function checkFeedItem(item: FeedItem): void {
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
      break;
    case 'statement':
      expect(typeof item.accountId).toBe('string');
      break;
  }
}
