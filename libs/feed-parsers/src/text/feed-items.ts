import type { FeedItem, FeedParser, ParseOptions } from '../feed-parser';

/** A buffer as the chunks a stream would deliver, `size` bytes each (to exercise chunk boundaries). */
export async function* bufferChunks(buffer: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

/** Runs a parser over a whole buffer and collects what it yields; for tests and small files only. */
export async function collectFeedItems(parser: FeedParser, buffer: Buffer, options?: ParseOptions, chunkSize?: number): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of parser.parse(bufferChunks(buffer, chunkSize), options)) items.push(item);
  return items;
}
