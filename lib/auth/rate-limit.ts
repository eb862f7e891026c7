/**
 * Failed sign-ins per key (`user:<name>`, `ip:<address>`) in a sliding window; once a key reaches `max`
 * failures, further attempts are refused until the oldest failure leaves the window. In memory: a restart
 * forgets, which only ever lets an attacker try `max` more times per restart.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds until the first of `keys` may try again, or 0 when none is blocked. */
  retryAfter(keys: readonly string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key, now);
      if (list.length >= this.max) {
        const oldest = list[list.length - this.max] ?? now;
        wait = Math.max(wait, Math.ceil((oldest + this.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  fail(keys: readonly string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 10_000) {
      for (const k of this.failures.keys()) this.recent(k, now);
    }
  }

  /** A success clears the user's counter (not the address's: one good password must not unlock guessing). */
  succeed(key: string): void {
    this.failures.delete(key);
  }
}
