// Lag in seconds: how old is the oldest record the group has not consumed yet?
//
// Exact: the timestamp of the record at the consume position (max(committed, logStart)), when the caller
// could afford to fetch it. Otherwise estimated from the recorded HWM history: the record at offset p was
// appended when the HWM went from ≤ p to ≥ p + 1, and that moment is found by linear interpolation between
// the two samples around it. Before the first sample it is extrapolated at the history's average produce
// rate and flagged. When the HWM never moved during the history (producers idle), the moment cannot be
// placed: the answer is "unknown" with a lower bound, never an infinite or made-up number.
import { sinceLastReset } from './history';
import type { CounterSample } from './types';

export type TimeLagMethod = 'caught-up' | 'exact' | 'interpolated' | 'extrapolated';

export type TimeLagUnknownReason =
  /** The group has no commit on the partition. */
  | 'no-commit'
  /** No HWM history recorded before the current observation. */
  | 'no-history'
  /** The HWM did not move during the recorded history: the record is older than the history. */
  | 'producers-idle';

export interface TimeLag {
  /** Age of the oldest unconsumed record, in seconds, ≥ 0; null when unknown. */
  seconds: number | null;
  method: TimeLagMethod | null;
  /** The estimate lies before the recorded history (less trustworthy). */
  extrapolated: boolean;
  /** When `seconds` is null but a floor is known: the lag is at least this many seconds. */
  atLeastSeconds: number | null;
  reason: TimeLagUnknownReason | null;
}

export interface TimeLagInput {
  /** Committed offset; null (or negative) when the group has no commit. */
  committed: number | null;
  logStart: number;
  /** Current HWM, observed at `now`. */
  end: number;
  /** Observation time of `end`, epoch ms. */
  now: number;
  /** Timestamp (epoch ms) of the record at max(committed, logStart), when the caller fetched it. */
  committedRecordTimestamp?: number | null;
  /** Recorded (time, HWM) samples, any order; samples after `now` are ignored. */
  hwmHistory?: readonly CounterSample[];
}

const seconds = (ms: number): number => Math.max(0, ms) / 1000;

function known(s: number, method: TimeLagMethod, extrapolated = false): TimeLag {
  return { seconds: s, method, extrapolated, atLeastSeconds: null, reason: null };
}

function unknown(reason: TimeLagUnknownReason, atLeastSeconds: number | null = null): TimeLag {
  return { seconds: null, method: null, extrapolated: false, atLeastSeconds, reason };
}

/** Time lag from the timestamp of the record at the consume position; never negative (producer clock skew). */
export function exactTimeLag(recordTimestamp: number, now: number): TimeLag {
  return known(seconds(now - recordTimestamp), 'exact');
}

/**
 * Estimate the time (epoch ms) at which the record at `position` was appended, from HWM samples that never
 * decrease, the last of which has value > position. Null (with a floor) when it cannot be placed.
 */
function appendTimeOf(
  position: number,
  points: readonly CounterSample[],
): { t: number; extrapolated: boolean } | { t: null; reason: TimeLagUnknownReason; before: number } {
  const target = position + 1;
  const first = points[0] as CounterSample;
  const last = points.at(-1) as CounterSample;
  const i = points.findIndex((p) => p.value >= target);
  if (i > 0) {
    const a = points[i - 1] as CounterSample;
    const b = points[i] as CounterSample;
    return { t: a.t + ((target - a.value) * (b.t - a.t)) / (b.value - a.value), extrapolated: false };
  }
  // The record was appended at or before the first sample.
  if (points.length < 2) return { t: null, reason: 'no-history', before: first.t };
  const rate = (last.value - first.value) / (last.t - first.t);
  if (!(rate > 0)) return { t: null, reason: 'producers-idle', before: first.t };
  return { t: first.t - (first.value - target) / rate, extrapolated: true };
}

/**
 * Time lag interpolated from the HWM history. `position` is where consumption resumes (max(committed,
 * logStart)); `end` and `now` are the current observation, which is used as the newest sample.
 */
export function interpolatedTimeLag(
  position: number,
  end: number,
  now: number,
  history: readonly CounterSample[],
): TimeLag {
  if (position >= end) return known(0, 'caught-up');
  const points = sinceLastReset([...history.filter((s) => s.t < now), { t: now, value: end }], now);
  const placed = appendTimeOf(position, points);
  if (placed.t === null) {
    return unknown(placed.reason, placed.reason === 'no-history' ? null : seconds(now - placed.before));
  }
  return known(
    seconds(now - placed.t),
    placed.extrapolated ? 'extrapolated' : 'interpolated',
    placed.extrapolated,
  );
}

/** Time lag of a partition: 0 when caught up, exact when the record timestamp is given, else interpolated. */
export function timeLag(input: TimeLagInput): TimeLag {
  const { committed, logStart, end, now } = input;
  if (committed === null || !Number.isFinite(committed) || committed < 0) return unknown('no-commit');
  const position = Math.max(committed, logStart);
  if (position >= end) return known(0, 'caught-up');
  const ts = input.committedRecordTimestamp;
  if (ts !== undefined && ts !== null && Number.isFinite(ts)) return exactTimeLag(ts, now);
  return interpolatedTimeLag(position, end, now, input.hwmHistory ?? []);
}
