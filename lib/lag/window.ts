// The sliding window of commits the status rules look at (Burrow's per-partition offset ring).
import { type CommitSample, DEFAULT_STATUS_CONFIG, type StatusConfig } from './types';

/**
 * Add a commit to a partition's window (oldest first) and return the new window.
 *
 * - A commit older than the newest one in the window is dropped (Spillway does not back-fill; Burrow
 *   inserts late commits by their order in __consumer_offsets, which a poller does not have).
 * - Min-distance: a commit less than `minDistanceMs` after the newest one replaces it, but keeps the
 *   older commit's time — as Burrow does, so that a consumer committing faster than min-distance still
 *   opens a new slot once min-distance has passed since the slot was opened, instead of never.
 * - The window keeps the newest `windowSize` commits.
 */
export function recordCommit(
  window: readonly CommitSample[],
  commit: CommitSample,
  config: Pick<StatusConfig, 'windowSize' | 'minDistanceMs'> = DEFAULT_STATUS_CONFIG,
): CommitSample[] {
  if (!Number.isFinite(commit.t) || !Number.isFinite(commit.offset)) return [...window];
  const last = window.at(-1);
  if (last !== undefined && commit.t < last.t) return [...window];
  let next: CommitSample[];
  if (last !== undefined && commit.t - last.t < config.minDistanceMs) {
    next = [...window.slice(0, -1), { ...commit, t: last.t }];
  } else {
    next = [...window, commit];
  }
  const size = Math.max(1, Math.floor(config.windowSize));
  return next.length > size ? next.slice(next.length - size) : next;
}

/**
 * How full the window is, 0..1 (Burrow's per-partition `complete`: filled slots / slots). A consumer that
 * has committed only a few times since Spillway started watching has an incomplete window.
 */
export function windowCompleteness(window: readonly CommitSample[], windowSize: number): number {
  const size = Math.max(1, Math.floor(windowSize));
  return Math.min(1, window.length / size);
}

/** Lag of a new commit against the HWM observed at the same time: max(0, end − offset); null without an end. */
export function commitLag(offset: number, end: number | null): number | null {
  if (end === null || !Number.isFinite(end)) return null;
  return Math.max(0, end - offset);
}
