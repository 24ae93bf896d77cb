/** What a streaming format reader does with the bytes; the items it produced are handed out by `drain`. */
export interface ChunkConsumer<T> {
  /** Called once, before any `write`, with the first `headBytes` bytes (fewer if the stream is shorter, possibly none). */
  start(head: Buffer): void;
  write(chunk: Buffer): void;
  end(): void;
  drain(): T[];
}

/**
 * The items of a chunk stream, as an async iterable with backpressure: the next chunk is read only once the
 * items of the last one are taken. When the parse fails or the caller stops early, the chunk source is
 * closed (`return()`), so a file stream is not left open.
 */
export function streamItems<T>(chunks: AsyncIterable<Buffer>, headBytes: number, consumer: ChunkConsumer<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = chunks[Symbol.asyncIterator]();
      let items: T[] = [];
      let position = 0;
      let finished = false;
      let started = false;
      const head: Buffer[] = [];
      let headSize = 0;

      const begin = () => {
        started = true;
        const first = head.length === 1 ? head[0] : Buffer.concat(head);
        head.length = 0;
        consumer.start(first);
        if (first.length > 0) consumer.write(first);
      };

      const pull = async (): Promise<IteratorResult<T>> => {
        try {
          while (!finished) {
            const next = await source.next();
            if (next.done) {
              finished = true;
              if (!started) begin();
              consumer.end();
            } else {
              const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
              if (started) consumer.write(chunk);
              else {
                head.push(chunk);
                headSize += chunk.length;
                if (headSize >= headBytes) begin();
              }
            }
            items = consumer.drain();
            position = 0;
            if (items.length > 0) return { value: items[position++], done: false };
          }
          return { value: undefined, done: true };
        } catch (error) {
          finished = true;
          await source.return?.();
          throw error;
        }
      };

      return {
        next: () => (position < items.length ? Promise.resolve({ value: items[position++], done: false }) : pull()),
        return: async () => {
          finished = true;
          items = [];
          await source.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
