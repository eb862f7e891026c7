// A partition's (time, HWM) history, mutable and bounded, for time-lag interpolation and in-rates.
//
// lib/lag's appendSample copies the array on every call, which is fine for one partition and too slow for
// 10,000 partitions every 5 s. This keeps one array per partition and compacts it only when it outgrows
// its budget:
//   - samples newer than `denseMs` (the rate window plus a little) are all kept: rates need them;
//   - older plateau interiors are dropped (a run of equal values keeps its first and last sample, which is
//     all interpolation needs: the record at offset p was appended between the last sample ≤ p and the
//     first sample > p);
//   - if that is not enough, every other older sample is dropped: resolution falls with age, coverage grows.
// A value lower than the previous one (topic recreated, unclean election) starts the history afresh,
// as lib/lag's sinceLastReset would.
import type { CounterSample } from '../types';

export interface CounterHistoryLimits {
  maxSamples: number;
  maxAgeMs: number;
  /** Samples newer than newest − denseMs are never thinned. */
  denseMs: number;
}

export class CounterHistory {
  private samples: CounterSample[] = [];

  constructor(private readonly limits: CounterHistoryLimits) {}

  get length(): number {
    return this.samples.length;
  }

  /** Oldest first. Do not mutate. */
  all(): readonly CounterSample[] {
    return this.samples;
  }

  last(): CounterSample | undefined {
    return this.samples.at(-1);
  }

  /** Adds a sample; an older one than the newest is ignored, one at the same time replaces it. */
  push(sample: CounterSample): void {
    if (!Number.isFinite(sample.t) || !Number.isFinite(sample.value)) return;
    const last = this.samples.at(-1);
    if (last !== undefined) {
      if (sample.t < last.t) return;
      if (sample.value < last.value) {
        this.samples = [sample];
        return;
      }
      if (sample.t === last.t) {
        this.samples[this.samples.length - 1] = sample;
        return;
      }
    }
    this.samples.push(sample);
    if (this.samples.length > this.limits.maxSamples) this.compact();
  }

  /**
   * The samples needed to place `position` (time lag) and to compute a rate over t ≥ windowFrom: from the
   * last sample with value ≤ position (or the rate window's start, if earlier) to the newest. When every
   * sample is above `position` the whole history is returned (extrapolation uses the first sample).
   */
  sliceFor(position: number | null, windowFrom: number): readonly CounterSample[] {
    const s = this.samples;
    if (s.length === 0) return s;
    let start = this.firstAtOrAfter(windowFrom);
    if (position !== null) {
      const k = this.lastAtOrBelow(position);
      if (k < 0) return s;
      start = Math.min(start, k);
    }
    return start <= 0 ? s : s.slice(start);
  }

  /** Index of the last sample with value ≤ v (values never decrease), −1 if none. */
  private lastAtOrBelow(v: number): number {
    let lo = 0;
    let hi = this.samples.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.samples[mid] as CounterSample).value <= v) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Index of the first sample with t ≥ t0; length if none. */
  private firstAtOrAfter(t0: number): number {
    let lo = 0;
    let hi = this.samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.samples[mid] as CounterSample).t < t0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    const newest = this.samples.at(-1) as CounterSample;
    const oldestKept = newest.t - this.limits.maxAgeMs;
    const denseFrom = newest.t - this.limits.denseMs;
    let old: CounterSample[] = [];
    const dense: CounterSample[] = [];
    for (const s of this.samples) {
      if (s.t < oldestKept) continue;
      (s.t >= denseFrom ? dense : old).push(s);
    }
    // Plateau interiors among the old samples (the first dense sample closes the last plateau).
    const boundary = dense[0];
    old = old.filter((s, i) => {
      const prev = old[i - 1];
      const next = old[i + 1] ?? boundary;
      return !(prev && next && prev.value === s.value && next.value === s.value);
    });
    const budget = Math.max(2, Math.floor(this.limits.maxSamples * 0.75) - dense.length);
    while (old.length > budget && old.length > 2) {
      // Drop every other sample, keeping the oldest.
      old = old.filter((_, i) => i % 2 === 0 || i === old.length - 1);
    }
    let next = [...old, ...dense];
    if (next.length > this.limits.maxSamples) next = next.slice(next.length - this.limits.maxSamples);
    this.samples = next;
  }
}
