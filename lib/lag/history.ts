// Bounded, time-ordered sample histories (HWM, committed offset, RabbitMQ counters). Pure: every function
// returns a new array and never mutates its input.
import type { CounterSample } from './types';

export interface HistoryLimits {
  /** Keep at most this many samples (newest kept). */
  maxSamples: number;
  /** Drop samples older than this relative to the newest sample's time. */
  maxAgeMs: number;
}

export const DEFAULT_HISTORY_LIMITS: Readonly<HistoryLimits> = Object.freeze({
  maxSamples: 720,
  maxAgeMs: 6 * 60 * 60 * 1000,
});

/**
 * Append a sample to a history kept oldest first. A sample older than the newest one is ignored (a late
 * poll must not rewrite history); one with the same time replaces it. Then the limits are applied.
 */
export function appendSample<T extends { t: number }>(
  history: readonly T[],
  sample: T,
  limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
): T[] {
  if (!Number.isFinite(sample.t)) return [...history];
  const last = history.at(-1);
  let next: T[];
  if (last === undefined || sample.t > last.t) next = [...history, sample];
  else if (sample.t === last.t) next = [...history.slice(0, -1), sample];
  else return [...history];
  const oldest = sample.t - limits.maxAgeMs;
  let start = 0;
  while (start < next.length && (next[start] as T).t < oldest) start++;
  start = Math.max(start, next.length - Math.max(1, limits.maxSamples));
  return next.slice(start);
}

/**
 * The samples of a counter since its last reset: the longest suffix along which `value` never decreases,
 * restricted to samples at or before `now`, with duplicate times collapsed (the later sample wins).
 */
export function sinceLastReset(samples: readonly CounterSample[], now: number): CounterSample[] {
  const ordered = samples
    .filter((s) => Number.isFinite(s.t) && Number.isFinite(s.value) && s.t <= now)
    .sort((a, b) => a.t - b.t);
  const dedup: CounterSample[] = [];
  for (const s of ordered) {
    if (dedup.length > 0 && (dedup.at(-1) as CounterSample).t === s.t) dedup[dedup.length - 1] = s;
    else dedup.push(s);
  }
  let start = 0;
  for (let i = 1; i < dedup.length; i++) {
    if ((dedup[i] as CounterSample).value < (dedup[i - 1] as CounterSample).value) start = i;
  }
  return dedup.slice(start);
}
