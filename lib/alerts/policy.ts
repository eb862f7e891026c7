// Which status transitions become alerts: pure.
import type { Status } from '../lag/types';
import type { StatusTransition } from './types';

/** Statuses that alert when entered. */
export const ALERTING_STATUSES: ReadonlySet<Status> = new Set<Status>(['ERR', 'STOP', 'STALL']);

/**
 * Whether `t` is alerted, given the status of the entity's last alert (undefined: never alerted).
 *
 * 1. Into ERR, STOP or STALL: alerted unless the last alert already said that status. The same
 *    transition twice in a row is sent once, and ERR → WARN → ERR sends nothing new: nobody was told
 *    the entity had recovered.
 * 2. Into OK: alerted when the last alert was ERR, STOP or STALL (the recovery, even via WARN).
 * 3. Anything else (WARN, REWIND, OK after nothing was alerted): not alerted.
 */
export function shouldAlert(t: Pick<StatusTransition, 'to'>, lastAlerted: Status | undefined): boolean {
  if (ALERTING_STATUSES.has(t.to)) return lastAlerted !== t.to;
  if (t.to === 'OK') return lastAlerted !== undefined && ALERTING_STATUSES.has(lastAlerted);
  return false;
}
