// Progress figures of a job: done/total, the rate over a trailing window of the stored samples, the ETA.
import type { JobRecord, Store } from '../../store';

export const RATE_WINDOW_MS = 30_000;

export interface JobProgress {
  done: number;
  total: number | null;
  /** 0..1, null without a total. */
  fraction: number | null;
  /** Messages/s over the last RATE_WINDOW_MS (0 when idle, null before two samples). */
  rate: number | null;
  /** Seconds to reach total at that rate; null when unknown, 0 when done. */
  etaSeconds: number | null;
}

export function jobProgress(store: Store, job: JobRecord, now = Date.now()): JobProgress {
  const samples = store.jobs.samples(job.id, now - RATE_WINDOW_MS);
  const points = [...samples, { at: Math.max(job.updatedAt, samples.at(-1)?.at ?? 0), done: job.done }];
  const first = points[0];
  const active = job.state === 'running' || job.state === 'restoring';
  let rate: number | null = null;
  if (first && points.length >= 2) {
    const end = active ? now : (points.at(-1)?.at ?? now);
    const dt = (end - first.at) / 1000;
    rate = dt > 0 ? Math.max(0, (job.done - first.done) / dt) : null;
  }
  const remaining = job.total === null ? null : Math.max(0, job.total - job.done);
  const etaSeconds =
    remaining === null ? null : remaining === 0 ? 0 : rate && rate > 0 ? Math.ceil(remaining / rate) : null;
  const fraction = job.total ? Math.min(1, job.done / job.total) : job.total === 0 ? 1 : null;
  return { done: job.done, total: job.total, fraction, rate, etaSeconds };
}
