import { STATUS_SEVERITY, type Status } from './types';

/** Negative when `a` is less severe than `b`, 0 when equal, positive when more severe. Usable with sort(). */
export function compareStatus(a: Status, b: Status): number {
  return STATUS_SEVERITY[a] - STATUS_SEVERITY[b];
}

/** The most severe of the statuses; OK for none. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'OK';
  for (const s of statuses) {
    if (compareStatus(s, worst) > 0) worst = s;
  }
  return worst;
}

/**
 * Burrow's group status: the worst partition status, except that STOP, STALL and REWIND (partition-only
 * statuses in Burrow) collapse to ERR. Spillway's own group status keeps the detail (see evaluateGroupStatus);
 * this is offered for notifiers and users who expect Burrow's three-valued OK/WARN/ERR.
 */
export function burrowGroupStatus(statuses: Iterable<Status>): 'OK' | 'WARN' | 'ERR' {
  const worst = worstStatus(statuses);
  if (worst === 'OK' || worst === 'WARN') return worst;
  return 'ERR';
}
