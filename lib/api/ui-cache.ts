// A small read-through cache for the dashboard's own routes: one slot per key, a refresh at most every
// `ttlMs`, concurrent callers share one read, a failed read keeps the last good value (marked stale) with
// its error. Held on globalThis because Next.js bundles each route apart (see lib/runtime/context.ts).
import { describeError } from '../sources/errors';

export interface CachedRead<T> {
  value: T | null;
  /** Epoch ms of the read `value` comes from. */
  at: number | null;
  /** The last read failed: why (redacted by the source), one line. */
  error: string | null;
  /** `value` is older than the TTL or the last read failed. */
  stale: boolean;
}

interface Slot<T> {
  value: T | null;
  at: number | null;
  error: string | null;
  attemptAt: number;
  inflight: Promise<void> | null;
}

export class ReadCache<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /**
   * The cached read of `key`. When it is older than the TTL a refresh starts; `wait: true` awaits it (the
   * detail pages); a number waits at most that many ms, and only while nothing is cached yet (the
   * overview's first load); `false` answers with what is there now.
   */
  async get(
    key: string,
    load: () => Promise<T>,
    wait: boolean | number,
    now = Date.now(),
  ): Promise<CachedRead<T>> {
    const slot = this.slot(key);
    if (now - slot.attemptAt >= this.ttlMs && !slot.inflight) {
      slot.attemptAt = now;
      slot.inflight = load().then(
        (value) => {
          slot.value = value;
          slot.at = Date.now();
          slot.error = null;
          slot.inflight = null;
        },
        (error: unknown) => {
          slot.error = describeError(error);
          slot.inflight = null;
        },
      );
    }
    if (wait === true && slot.inflight) await slot.inflight;
    else if (typeof wait === 'number' && slot.inflight && slot.value === null)
      await within(slot.inflight, wait);
    return this.view(slot, Date.now());
  }

  /** What is cached for `key`, without reading. */
  peek(key: string, now = Date.now()): CachedRead<T> {
    const slot = this.slots.get(key);
    return slot ? this.view(slot, now) : { value: null, at: null, error: null, stale: true };
  }

  private view(slot: Slot<T>, now: number): CachedRead<T> {
    return {
      value: slot.value,
      at: slot.at,
      error: slot.error,
      stale: slot.error !== null || slot.at === null || now - slot.at > 2 * this.ttlMs,
    };
  }

  private slot(key: string): Slot<T> {
    let slot = this.slots.get(key);
    if (!slot) {
      if (this.slots.size >= this.maxEntries) {
        const oldest = this.slots.keys().next().value;
        if (oldest !== undefined) this.slots.delete(oldest);
      }
      slot = { value: null, at: null, error: null, attemptAt: Number.NEGATIVE_INFINITY, inflight: null };
      this.slots.set(key, slot);
    }
    return slot;
  }
}

function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** One cache per name for the whole process (every route bundle sees the same one). */
export function sharedCache<T>(name: string, ttlMs: number): ReadCache<T> {
  const key = Symbol.for(`spillway.ui-cache.${name}`);
  const holder = globalThis as unknown as Record<symbol, ReadCache<T> | undefined>;
  let cache = holder[key];
  if (!cache) {
    cache = new ReadCache<T>(ttlMs);
    holder[key] = cache;
  }
  return cache;
}
