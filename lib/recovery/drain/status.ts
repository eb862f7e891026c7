// The status of a drain job: `drain status --json` prints exactly these fields; the API adds them to the
// job detail.
import type { JobRecord, Store } from '../../store';
import { jobProgress } from '../jobs/progress';
import { jobKind } from '../jobs/registry';
import type { JobEnv } from '../jobs/types';
import { drainFrontOfKind } from './fronts';

export type DrainStatus = {
  id: string;
  kind: string;
  state: string;
  factor: number | null;
  dispatched: number;
  total: number | null;
  /** Dispatch rate, msg/s over the last 30 s. */
  rate: number | null;
  /** Seconds until everything known is dispatched (or 0 once it is), at that rate. */
  etaSeconds: number | null;
  /** Members of the workers' group now (null when it could not be read or the job is over). */
  workers: number | null;
  /** The workers' lag on the temp topic/queues (null when unknown or the temp topic is gone). */
  tempLag: number | null;
} & ({ tempTopic: string } | { tempQueues: string[] } | Record<never, never>);

/** The workers' side of a live drain (the dashboard and the CLI's text status; not in `status --json`). */
export interface DrainProjection {
  /**
   * What the workers consume, msg/s, from this process's readings of the temp lag over the last 30 s
   * (null until two readings 1 s apart).
   */
  workersRate: number | null;
  /**
   * The projected finish: seconds until the workers have consumed everything known (the temp lag plus
   * what is still to be dispatched), never before the dispatch ETA; 0 once done, null when unknown.
   */
  finishSeconds: number | null;
}

/** Readings of what the workers consumed (dispatched − temp lag), per job, in this process. */
const readings = new Map<string, Array<{ at: number; consumed: number }>>();
const READINGS_WINDOW_MS = 30_000;
const MIN_SPAN_MS = 1000;

/** Records a reading and returns the workers' rate over the window (null without a 1 s span). */
function workersRateOf(job: JobRecord, tempLag: number | null, now: number): number | null {
  const list = (readings.get(job.id) ?? []).filter((r) => r.at >= now - READINGS_WINDOW_MS && r.at < now);
  if (tempLag !== null) list.push({ at: now, consumed: Math.max(0, job.done - tempLag) });
  if (list.length === 0) readings.delete(job.id);
  else readings.set(job.id, list);
  // Forget jobs not read for a while (a dashboard open on many jobs keeps a few points each).
  for (const [id, l] of readings) if ((l.at(-1)?.at ?? 0) < now - READINGS_WINDOW_MS) readings.delete(id);
  const first = list[0];
  const last = list.at(-1);
  if (!first || !last || last.at - first.at < MIN_SPAN_MS) return null;
  return Math.max(0, (last.consumed - first.consumed) / ((last.at - first.at) / 1000));
}

/** True when a second live reading would give the workers' rate (the job is active, none is recent). */
export function wantsSecondReading(job: JobRecord, now = Date.now()): boolean {
  if (!['running', 'restoring', 'paused'].includes(job.state)) return false;
  const list = readings.get(job.id) ?? [];
  const first = list.find((r) => r.at >= now - READINGS_WINDOW_MS);
  return !first || now - first.at < MIN_SPAN_MS;
}

export interface DrainLive {
  workers: number | null;
  tempLag: number | null;
  /** Anything else the kind's view() returned. */
  extra: Record<string, unknown>;
  error: string | null;
}

/** Reads the workers and temp lag through the kind's view() (cluster round trips); never throws. */
export async function drainLive(job: JobRecord, env: JobEnv): Promise<DrainLive> {
  const terminal = ['completed', 'cancelled', 'failed'].includes(job.state);
  if (terminal) return { workers: null, tempLag: null, extra: {}, error: null };
  try {
    const view = await jobKind(job.kind).view?.(job, env);
    if (!view) return { workers: null, tempLag: null, extra: {}, error: null };
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return { workers: num(view.workers), tempLag: num(view.tempLag), extra: view, error: null };
  } catch (err) {
    return { workers: null, tempLag: null, extra: {}, error: (err as Error).message };
  }
}

/** Records this reading of the temp lag and projects when the workers finish. */
export function drainProjection(
  job: JobRecord,
  live: DrainLive,
  etaSeconds: number | null,
  { now = Date.now(), fallbackRate = null }: { now?: number; fallbackRate?: number | null } = {},
): DrainProjection {
  if (['completed', 'cancelled', 'failed'].includes(job.state))
    return { workersRate: null, finishSeconds: null };
  const workersRate = workersRateOf(job, live.tempLag, now) ?? fallbackRate;
  const toDispatch = job.total === null ? null : Math.max(0, job.total - job.done);
  const left = live.tempLag === null || toDispatch === null ? null : live.tempLag + toDispatch;
  let finishSeconds: number | null = null;
  if (left === 0) finishSeconds = 0;
  else if (left !== null && workersRate !== null && workersRate > 0)
    finishSeconds = Math.max(etaSeconds ?? 0, Math.ceil(left / workersRate));
  return { workersRate: workersRate === null ? null : Math.round(workersRate * 10) / 10, finishSeconds };
}

export function drainStatus(store: Store, job: JobRecord, live: DrainLive): DrainStatus {
  const front = drainFrontOfKind(job.kind);
  let fields: { factor: number | null } & (
    | { tempTopic: string }
    | { tempQueues: string[] }
    | Record<never, never>
  ) = {
    factor: null,
  };
  try {
    if (front) fields = front.statusFields(job);
  } catch {
    /* a stored plan of another version: leave the fields out */
  }
  const progress = jobProgress(store, job);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const { factor, ...temp } = fields;
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    factor,
    ...temp,
    dispatched: job.done,
    total: job.total,
    rate: round(progress.rate),
    etaSeconds: progress.etaSeconds,
    workers: live.workers,
    tempLag: live.tempLag,
  };
}
