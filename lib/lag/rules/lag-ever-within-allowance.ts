// Rule 1 — if the lag was within the allowance (0 by default) at any commit in the window, the window is
// OK. Burrow's edge case "a consumer that just caught up": it had zero lag a moment ago, new data arrived,
// so its current lag is non-zero; that is normal, not slowness.
// Since Burrow 1.2 (#290, #716) this short-circuit only guards STALL and WARN: STOP and REWIND are checked
// before it, because a zero-lag commit can be old (STOP) or be followed by a jump back (REWIND).
// Commits whose lag was not known when they were recorded are skipped.
import type { CommitSample } from '../types';

/** True when some commit in the window had a known lag ≤ `allowedLag`. */
export function lagEverWithinAllowance(commits: readonly CommitSample[], allowedLag: number): boolean {
  return commits.some((c) => c.lag !== null && c.lag <= allowedLag);
}
