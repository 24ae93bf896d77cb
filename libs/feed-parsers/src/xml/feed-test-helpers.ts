import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedItem, FeedParser } from '../feed-parser';

/** Splits a buffer into chunks of `size` bytes, so tests exercise boundaries inside tokens and characters. */
export async function* inChunks(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export async function parseAll(parser: FeedParser, bytes: Buffer | string, chunkSize?: number): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of parser.parse(inChunks(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), chunkSize))) items.push(item);
  return items;
}

/** The error a parse rejects with (the test fails when it does not reject). */
export async function parseError(parser: FeedParser, bytes: Buffer | string, chunkSize?: number): Promise<unknown> {
  try {
    await parseAll(parser, bytes, chunkSize);
  } catch (error) {
    return error;
  }
  throw new Error('expected the parse to fail');
}

export function fixture(dir: string, name: string): Buffer {
  return readFileSync(join(dir, 'fixtures', name));
}

export const entriesOf = (items: FeedItem[]) => items.flatMap((i) => (i.kind === 'entry' ? [i.entry] : []));
export const balancesOf = (items: FeedItem[]) => items.flatMap((i) => (i.kind === 'balance' ? [i.balance] : []));
export const errorsOf = (items: FeedItem[]) => items.flatMap((i) => (i.kind === 'entry-error' ? [i] : []));
export const statementsOf = (items: FeedItem[]) => items.flatMap((i) => (i.kind === 'statement' ? [i] : []));
