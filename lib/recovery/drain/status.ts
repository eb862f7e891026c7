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
