// Test helpers: compact commit windows. Not imported by production code.
import type { CommitSample } from '../types';

/** [offset, time in seconds, lag (null = unknown)] → CommitSample with t in ms. */
export type CommitRow = readonly [offset: number, seconds: number, lag: number | null];

export function commits(rows: readonly CommitRow[]): CommitSample[] {
  return rows.map(([offset, seconds, lag]) => ({ offset, t: seconds * 1000, lag }));
}

/** Commits with millisecond timestamps: [offset, t ms, lag]. */
export function commitsMs(rows: readonly CommitRow[]): CommitSample[] {
  return rows.map(([offset, t, lag]) => ({ offset, t, lag }));
}
