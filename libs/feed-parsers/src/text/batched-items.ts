import type { FeedItem } from '../feed-parser';

/**
 * Serves the items of batches (one batch per input chunk) one at a time. An async generator that yields
 * item by item costs several microtask turns per item; here a batch costs one await and each item an
 * already-resolved promise, which on small entries is most of the parse time.
 */
export function itemsFromBatches(batches: AsyncGenerator<FeedItem[], void, undefined>): AsyncIterableIterator<FeedItem> {
  let current: FeedItem[] = [];
  let position = 0;
  let finished = false;
  const iterator: AsyncIterableIterator<FeedItem> = {
    async next(): Promise<IteratorResult<FeedItem>> {
      while (position >= current.length) {
        if (finished) return { done: true, value: undefined };
        const batch = await batches.next();
        if (batch.done) {
          finished = true;
          current = [];
          return { done: true, value: undefined };
        }
        current = batch.value;
        position = 0;
      }
      return { done: false, value: current[position++] };
    },
    async return(): Promise<IteratorResult<FeedItem>> {
      finished = true;
      current = [];
      await batches.return(undefined);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
