// Rule 5 — WARN: the offsets move, but the lag never went down from one commit to the next in the window:
// the consumer works but does not keep up (or just keeps pace with a non-zero lag). Commits with unknown
// lag are skipped; consecutive known lags are compared.
//
// Spillway differs from Burrow: it needs at least two known lags. With fewer, "never decreased" is
// vacuously true in Burrow; Spillway does not warn without evidence.
import type { CommitSample } from '../types';

/** True when ≥ 2 commits have a known lag and no known lag is lower than the previous known one. */
export function lagNotDecreasing(commits: readonly CommitSample[]): boolean {
  let previous: number | null = null;
  let seen = 0;
  for (const c of commits) {
    if (c.lag === null) continue;
    if (previous !== null && c.lag < previous) return false;
    previous = c.lag;
    seen++;
  }
  return seen >= 2;
}
