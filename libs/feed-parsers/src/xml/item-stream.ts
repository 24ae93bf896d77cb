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
  return { [Symbol.asyncIterator]: (): AsyncIterator<T> => new ItemIterator(chunks[Symbol.asyncIterator](), headBytes, consumer) };
}

/** One iteration's state as one object (not a closure per step, per parse: on a small file that setup showed). */
class ItemIterator<T> implements AsyncIterator<T> {
  private items: T[] = [];
  private position = 0;
  private finished = false;
  private started = false;
  private readonly head: Buffer[] = [];
  private headSize = 0;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly headBytes: number,
    private readonly consumer: ChunkConsumer<T>,
  ) {}

  next(): Promise<IteratorResult<T>> {
    return this.position < this.items.length ? Promise.resolve({ value: this.items[this.position++], done: false }) : this.pull();
  }

  async return(): Promise<IteratorResult<T>> {
    this.finished = true;
    this.items = [];
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  private begin(): void {
    this.started = true;
    const first = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head);
    this.head.length = 0;
    this.consumer.start(first);
    if (first.length > 0) this.consumer.write(first);
  }

  private async pull(): Promise<IteratorResult<T>> {
    try {
      while (!this.finished) {
        const next = await this.source.next();
        if (next.done) {
          this.finished = true;
          if (!this.started) this.begin();
          this.consumer.end();
        } else {
          const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
          if (this.started) this.consumer.write(chunk);
          else {
            this.head.push(chunk);
            this.headSize += chunk.length;
            if (this.headSize >= this.headBytes) this.begin();
          }
        }
        this.items = this.consumer.drain();
        this.position = 0;
        if (this.items.length > 0) return { value: this.items[this.position++], done: false };
      }
      return { value: undefined, done: true };
    } catch (error) {
      this.finished = true;
      await this.source.return?.();
      throw error;
    }
  }
}
