// Pure figures and rules of the Jobs pages: state words and tones, which controls a job offers in which
// state, progress and ETA in words, chart points from polled progress. No React (job-format.test.ts).
import type { JobSample, JobState, JobSummary } from '@/lib/client/jobs-types';
import { formatCount, formatDuration, formatPercent, type Tone } from '../lag/format';

const STATE_LABEL: Record<JobState, string> = {
  planned: 'Planned',
  running: 'Running',
  paused: 'Paused',
  restoring: 'Restoring',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

const STATE_TONE: Record<JobState, Tone> = {
  planned: 'muted',
  running: 'ok',
  paused: 'warn',
  restoring: 'ok',
  completed: 'ok',
  cancelled: 'muted',
  failed: 'err',
};

export function jobStateLabel(state: string): string {
  return STATE_LABEL[state as JobState] ?? state;
}

export function jobStateTone(state: string): Tone {
  return STATE_TONE[state as JobState] ?? 'muted';
}

export function isTerminal(state: string): boolean {
  return state === 'completed' || state === 'cancelled' || state === 'failed';
}

export function isActive(state: string): boolean {
  return !isTerminal(state);
}

const KIND_LABEL: Record<string, string> = {
  'drain-kafka': 'Drain (Kafka)',
  'drain-rabbitmq': 'Drain (RabbitMQ)',
  'replay-rabbitmq': 'Replay (RabbitMQ)',
  'replay-kafka': 'Replay (Kafka range)',
  'replay-file': 'Replay (file)',
};

export function jobKindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

export function isDrainKind(kind: string): boolean {
  return kind.startsWith('drain-');
}

export type JobControl = 'pause' | 'resume' | 'cancel' | 'restore' | 'rate';

/**
 * The controls a job offers, in the order shown. Mirrors the server's refusals (lib/recovery/jobs/control.ts):
 * nothing on a finished job; a restore cannot be paused; a job that never started is cancelled, not
 * restored; only kinds with a restore (the drains) offer it.
 */
export function jobControls(job: Pick<JobSummary, 'kind' | 'state' | 'desiredState'>): JobControl[] {
  if (isTerminal(job.state)) return [];
  const out: JobControl[] = [];
  const restorable = isDrainKind(job.kind);
  switch (job.state) {
    case 'planned':
      out.push('cancel', 'rate');
      break;
    case 'running':
      if (job.desiredState !== 'pause') out.push('pause');
      if (restorable && job.desiredState !== 'restore') out.push('restore');
      out.push('cancel', 'rate');
      break;
    case 'paused':
      out.push('resume');
      if (restorable) out.push('restore');
      out.push('cancel', 'rate');
      break;
    case 'restoring':
      // A restore stopped on an error pauses with the error set; resume continues the restore.
      out.push('cancel', 'rate');
      break;
  }
  return out;
}

/** "1,234 / 10,000 (12%)", "1,234 / unknown" or "1,234" when there is no total. */
export function formatProgress(done: number, total: number | null): string {
  if (total === null) return formatCount(done);
  const share = total === 0 ? 1 : Math.min(1, done / total);
  return `${formatCount(done)} / ${formatCount(total)} (${formatPercent(share)})`;
}

/** ETA of a job in words: "done", "~4m 05s", "unknown" (no rate yet), "paused". */
export function formatJobEta(state: string, etaSeconds: number | null): string {
  if (state === 'completed') return 'done';
  if (isTerminal(state)) return '—';
  if (state === 'paused') return 'paused';
  if (state === 'planned') return 'not started';
  if (etaSeconds === 0) return 'all dispatched';
  return etaSeconds === null ? 'unknown' : `~${formatDuration(etaSeconds)}`;
}

/** The workers' projected finish of a drain: "all consumed", "~1m 05s", "unknown", "—" once over. */
export function formatFinish(state: string, finishSeconds: number | null): string {
  if (isTerminal(state)) return '—';
  if (finishSeconds === 0) return 'all consumed';
  return finishSeconds === null ? 'unknown' : `~${formatDuration(finishSeconds)}`;
}

/** "unlimited" or "500 msg/s". */
export function formatRateLimit(rate: number | null): string {
  return rate === null ? 'unlimited' : `${formatCount(rate)} msg/s`;
}

export interface ProgressPoint {
  t: number;
  done: number;
  /** Messages/s between this point and the previous one; null for the first. */
  rate: number | null;
  /** Still to dispatch (total − done); null without a total. */
  remaining: number | null;
}

/** Keeps at most this many points in the client-side chart history (an hour at one a second). */
export const MAX_POINTS = 3_600;

/**
 * Adds a polled progress figure to the history: ignored when not newer than the last point, or when
 * `done` went backwards (a new job); the rate is the slope from the previous point.
 */
export function appendPoint(
  history: readonly ProgressPoint[],
  sample: { at: number; done: number; total: number | null },
  max = MAX_POINTS,
): ProgressPoint[] {
  const last = history.at(-1);
  if (last && sample.at <= last.t) return history as ProgressPoint[];
  const base = last && sample.done >= last.done ? history : [];
  const prev = base.at(-1);
  const rate = prev ? Math.max(0, (sample.done - prev.done) / ((sample.at - prev.t) / 1000)) : null;
  const remaining = sample.total === null ? null : Math.max(0, sample.total - sample.done);
  const next = [...base, { t: sample.at, done: sample.done, rate, remaining }];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** Chart points from the server's stored samples (one a second), total applied to every point. */
export function pointsFromSamples(samples: readonly JobSample[], total: number | null): ProgressPoint[] {
  let out: ProgressPoint[] = [];
  for (const s of samples) out = appendPoint(out, { at: s.at, done: s.done, total });
  return out;
}

/** The x-axis window of a job chart: from the first point to now (at least a minute). */
export function chartDomain(points: readonly ProgressPoint[], now: number): [number, number] {
  const first = points[0]?.t ?? now - 60_000;
  return [Math.min(first, now - 60_000), now];
}

/** A checkpoint of a kind the page does not know, as (name, short JSON) rows. */
export function checkpointRows(checkpoint: Record<string, unknown>): [string, string][] {
  return Object.entries(checkpoint).map(([k, v]) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return [k, text.length > 200 ? `${text.slice(0, 199)}…` : text];
  });
}

/** Audit parameters in one line, without the source key every job entry repeats: "rate=500". */
export function auditParams(params: Record<string, unknown> | null | undefined): string {
  if (!params) return '';
  return Object.entries(params)
    .filter(([k]) => k !== 'source')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
