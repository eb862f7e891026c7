// Rates from cumulative counters (HWM = produce rate, committed offset = consume rate, RabbitMQ
// publish/ack/deliver_get counts), averaged over a trailing window.
//
// The window average is the smoothing: the rate is Σ increments / Σ elapsed over consecutive samples
// inside [now − windowMs, now]. An interval over which the counter went down (topic recreated, offset reset
// backwards, broker restarted) is a reset: its increment is unknowable, so the interval is left out (both
// its increment and its duration) and counted in `resets`. A gap (a sampler pause) needs no special case:
// for a cumulative counter the average across the gap is still exact.
import type { CounterSample } from './types';

export type RateUnknownReason =
  /** Fewer than two samples in the window. */
  | 'insufficient-samples'
  /** Every interval in the window was a reset, or all samples share one time. */
  | 'no-span';

export interface Rate {
  /** Units per second, ≥ 0; null when unknown. */
  perSecond: number | null;
  /** Samples used (inside the window). */
  samples: number;
  /** Milliseconds of counter history the rate is computed over (reset intervals excluded). */
  spanMs: number;
  /** Intervals skipped because the counter went down. */
  resets: number;
  reason: RateUnknownReason | null;
}

export interface RateWindow {
  /** Evaluation time, epoch ms. Samples after it are ignored. */
  now: number;
  /** Length of the trailing window, ms. */
  windowMs: number;
}

/** Default smoothing window for rates: 60 s, a few sampler polls. */
export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** Average rate of a cumulative counter over the trailing window; any order of samples is accepted. */
export function windowedRate(samples: readonly CounterSample[], window: RateWindow): Rate {
  const from = window.now - window.windowMs;
  const inWindow = samples
    .filter((s) => Number.isFinite(s.t) && Number.isFinite(s.value) && s.t >= from && s.t <= window.now)
    .sort((a, b) => a.t - b.t);
  if (inWindow.length < 2) {
    return {
      perSecond: null,
      samples: inWindow.length,
      spanMs: 0,
      resets: 0,
      reason: 'insufficient-samples',
    };
  }
  let increase = 0;
  let spanMs = 0;
  let resets = 0;
  for (let i = 1; i < inWindow.length; i++) {
    const a = inWindow[i - 1] as CounterSample;
    const b = inWindow[i] as CounterSample;
    if (b.value < a.value) {
      resets++;
      continue;
    }
    increase += b.value - a.value;
    spanMs += b.t - a.t;
  }
  if (spanMs <= 0) {
    return { perSecond: null, samples: inWindow.length, spanMs: 0, resets, reason: 'no-span' };
  }
  return { perSecond: (increase * 1000) / spanMs, samples: inWindow.length, spanMs, resets, reason: null };
}

/** Sum of rates (e.g. the partitions of a topic); null as soon as one is unknown, so a total is never partial. */
export function sumRates(rates: Iterable<number | null>): number | null {
  let sum = 0;
  for (const r of rates) {
    if (r === null) return null;
    sum += r;
  }
  return sum;
}
