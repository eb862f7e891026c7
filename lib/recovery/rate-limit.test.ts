import { describe, expect, it } from 'vitest';
import { type Clock, RateLimiter } from './rate-limit';

/** A clock that only moves when someone sleeps: a fake-time measurement of the limiter alone. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

async function consume(
  l: RateLimiter,
  clock: { t: number },
  untilMs: number,
  batch: number,
): Promise<number> {
  let n = 0;
  while (clock.t < untilMs) {
    await l.acquire(batch);
    n += batch;
  }
  return n;
}

describe('RateLimiter (token bucket, fake clock)', () => {
  it.each([
    [1000, 1],
    [1000, 100],
    [5000, 500],
    [37, 10],
    [200_000, 1000],
  ])('holds %i msg/s within 5%% over 30 s with batches of %i', async (rate, batch) => {
    const clock = fakeClock();
    const l = new RateLimiter(rate, clock);
    const n = await consume(l, clock, 30_000, batch);
    const measured = n / (clock.t / 1000);
    expect(Math.abs(measured - rate) / rate).toBeLessThan(0.05);
  });

  it('keeps the burst small: an idle minute allows at most a tenth of a second of messages at once', async () => {
    const clock = fakeClock();
    const l = new RateLimiter(1000, clock);
    clock.t += 60_000;
    let free = 0;
    const start = clock.t;
    while (clock.t === start && free < 10_000) {
      await l.acquire(1);
      if (clock.t === start) free += 1;
    }
    expect(free).toBeLessThanOrEqual(101);
  });

  it('applies a rate change while running', async () => {
    const clock = fakeClock();
    const l = new RateLimiter(1000, clock);
    const first = await consume(l, clock, 10_000, 50);
    l.setRate(4000);
    const t0 = clock.t;
    const second = await consume(l, clock, t0 + 10_000, 50);
    expect(Math.abs(first / 10 - 1000) / 1000).toBeLessThan(0.05);
    expect(Math.abs(second / ((clock.t - t0) / 1000) - 4000) / 4000).toBeLessThan(0.05);
  });

  it('does not wait when unlimited, and chunk() follows the rate', async () => {
    const clock = fakeClock();
    const l = new RateLimiter(null, clock);
    await l.acquire(1_000_000);
    expect(clock.t).toBe(0);
    expect(l.chunk(500)).toBe(500);
    l.setRate(100);
    expect(l.chunk(500)).toBe(10);
  });

  it('returns early when its signal aborts', async () => {
    const ac = new AbortController();
    const l = new RateLimiter(1);
    const p = l.acquire(1000, ac.signal);
    setTimeout(() => ac.abort(), 20);
    await p;
    expect(ac.signal.aborted).toBe(true);
  });
});
