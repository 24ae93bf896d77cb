import { PageRateLimiter } from './rate-limiter';

describe('PageRateLimiter', () => {
  it('lets a burst of perSecond through, then paces calls to the rate', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new PageRateLimiter(5, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    for (let i = 0; i < 5; i++) await limiter.acquire('page');
    expect(waits).toEqual([]);
    for (let i = 0; i < 10; i++) await limiter.acquire('page');
    // 10 more calls at 5 per second need 2 seconds of waiting in total.
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(2100);
  });

  it('keeps one bucket per page', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new PageRateLimiter(1, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    await limiter.acquire('a');
    await limiter.acquire('b');
    expect(waits).toEqual([]);
    await limiter.acquire('a');
    expect(waits).toEqual([1000]);
  });
});
