// A token bucket in messages per second, shared by every recovery job. Tokens accrue continuously at
// `rate`; the bucket holds at most `burst` of them (a tenth of a second's worth, at least 1), so an idle
// job cannot spend a large saved-up burst. acquire(n) takes n tokens at once and, when that leaves the
// bucket in debt, waits until the debt is paid: over any window the average is the rate, whatever the
// batch sizes. setRate() applies at once, to tokens accrued from then on. rate null = unlimited.

import { sleep } from './sleep';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep,
};

/** Seconds of tokens the bucket may hold. */
export const BURST_SECONDS = 0.1;

export class RateLimiter {
  private tokens: number;
  private last: number;
  private ratePerSec: number | null;

  constructor(
    rate: number | null,
    private readonly clock: Clock = realClock,
  ) {
    this.ratePerSec = normalize(rate);
    this.last = clock.now();
    this.tokens = this.burst();
  }

  get rate(): number | null {
    return this.ratePerSec;
  }

  /** The largest bucket content: BURST_SECONDS of the rate, at least one message. */
  burst(): number {
    return this.ratePerSec === null ? Number.POSITIVE_INFINITY : Math.max(1, this.ratePerSec * BURST_SECONDS);
  }

  /** A batch size that keeps waits short: about the burst, at most `max`. */
  chunk(max: number): number {
    return this.ratePerSec === null ? max : Math.max(1, Math.min(max, Math.floor(this.burst())));
  }

  setRate(rate: number | null): void {
    const r = normalize(rate);
    if (r === this.ratePerSec) return;
    this.refill();
    this.ratePerSec = r;
    if (r === null) this.tokens = 0;
    else this.tokens = Math.min(this.tokens, this.burst());
  }

  private refill(): void {
    const now = this.clock.now();
    if (this.ratePerSec !== null) {
      this.tokens = Math.min(this.burst(), this.tokens + ((now - this.last) / 1000) * this.ratePerSec);
    }
    this.last = now;
  }

  /**
   * Takes n tokens, waiting as long as needed (re-reading the rate each round, so a change while waiting
   * applies). Returns early, without error, when the signal aborts.
   */
  async acquire(n: number, signal?: AbortSignal): Promise<void> {
    if (n <= 0) return;
    this.refill();
    if (this.ratePerSec === null) return;
    this.tokens -= n;
    while (this.tokens < 0 && !signal?.aborted) {
      const rate: number | null = this.ratePerSec;
      if (rate === null) {
        this.tokens = 0;
        return;
      }
      const waitMs = Math.max(1, Math.min(250, (-this.tokens / rate) * 1000));
      await this.clock.sleep(waitMs, signal);
      this.refill();
    }
  }
}

function normalize(rate: number | null): number | null {
  if (rate === null || !Number.isFinite(rate) || rate <= 0) return null;
  return rate;
}
