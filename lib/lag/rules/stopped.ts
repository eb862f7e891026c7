// Rule 3 — STOP: the consumer has stopped committing. It is silent for longer than the window's span: the
// time since the last commit (now − last) exceeds the time the window covers (last − first). With commits
// every 60 s and 10 slots, ten minutes of history means ten minutes of silence is a stop.
// Checked first among the failing rules (before the Rule 1 short-circuit, Burrow #290), since an old
// zero-lag commit says nothing about a consumer that has gone away.
//
// `now` should be the time the current lag was observed (the sampler's broker poll), not the wall clock,
// so that a delayed evaluation does not turn into a STOP.
//
// Spillway differs from Burrow: the silence must also exceed `minStopMs`. With one commit the span is 0
// and Burrow declares STOP a second after it; with a burst of fast commits the span is tiny. The floor
// gives a new or bursty consumer time to commit again. minStopMs = 0 is Burrow's rule.
import type { CommitSample } from '../types';

/** True when the last commit is older than both the window's span and `minStopMs`. Empty window: false. */
export function commitsStopped(commits: readonly CommitSample[], now: number, minStopMs: number): boolean {
  const first = commits[0];
  const last = commits.at(-1);
  if (first === undefined || last === undefined) return false;
  return now - last.t > Math.max(last.t - first.t, minStopMs);
}

// Rule 3b — the slow-topic exception (Burrow #303, #338). A consumer at zero lag on a quiet partition may
// not commit for a long time; when a message finally arrives, lag becomes 1 and its commits look stopped.
// If any recently observed broker end offset was at or below the last commit, the consumer was caught up
// a few polls ago: give it time to consume and commit, do not call it stopped yet.

/** True when one of the recent broker end offsets (newest polls) is ≤ the last committed offset. */
export function recentlyCaughtUp(commits: readonly CommitSample[], recentEnds: readonly number[]): boolean {
  const last = commits.at(-1);
  if (last === undefined) return false;
  return recentEnds.some((end) => end <= last.offset);
}
