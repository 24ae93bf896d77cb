/**
 * A token bucket per page: at most `perSecond` Send API calls per second on average, bursts up to the same.
 * In-process; each replica gets its share of the page's budget (docs/messenger.md).
 */
export class PageRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a call for `pageKey` may go out. */
  async acquire(pageKey: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const bucket = this.buckets.get(pageKey) ?? { tokens: this.perSecond, refilledAt: now };
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.perSecond);
      bucket.refilledAt = now;
      this.buckets.set(pageKey, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000));
    }
  }
}
