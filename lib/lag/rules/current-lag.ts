// Rule 0 — the gate. A partition whose current lag is within the allowance is OK whatever its history:
// no other rule is consulted. (Burrow: the `currentLag > allowedLag` test around all rules.)
// Burrow's edge case "slow topics": a consumer of a quiet topic stops committing because nothing changes;
// its commits grow old, but its current lag is 0, so it is OK, not STOP.

/** True when the current lag is known and at most `allowedLag`. */
export function currentLagWithinAllowance(currentLag: number, allowedLag: number): boolean {
  return currentLag <= allowedLag;
}
