// Operator actions on a job, shared by the CLI and the API: validated against the job's state, written as
// desired_state / rate_limit for the owning runner to pick up, and audited with the caller's actor.
import type { Actor } from '../../auth/actor';
import type { DesiredState, JobRecord, JobRunnerKind, Store } from '../../store';
import { ownerAlive } from './lease';
import { JobError } from './types';

export type ControlAction = 'pause' | 'resume' | 'cancel' | 'restore';

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);
export const MAX_RATE = 1_000_000;

function audit(
  store: Store,
  actor: Actor,
  job: JobRecord,
  action: string,
  params: Record<string, unknown>,
  error?: string,
) {
  store.auditLog.append({
    actor: actor.name,
    role: actor.role,
    action: `${job.kind}.${action}`,
    target: job.id,
    params: { source: job.sourceKey, ...params },
    result: error ? 'error' : 'ok',
    detail: error ?? null,
  });
}

export function requireJob(store: Store, id: string): JobRecord {
  const job = store.jobs.get(id);
  if (!job) throw new JobError(`no job ${id}`, 404);
  return job;
}

/** Whether a runner holds the job right now. */
export function jobIsOwned(job: JobRecord): boolean {
  return ownerAlive(job.owner, job.heartbeatAt);
}

function refusal(job: JobRecord, action: ControlAction): string | null {
  if (TERMINAL.has(job.state)) return `job ${job.id} is ${job.state}; nothing to ${action}`;
  if (action === 'pause' && job.state === 'restoring')
    return `job ${job.id} is restoring; a restore cannot be paused`;
  if (action === 'resume' && job.state === 'restoring') return null;
  if (action === 'restore' && job.state === 'planned')
    return `job ${job.id} has not started; cancel it instead`;
  return null;
}

const DESIRED: Record<ControlAction, DesiredState> = {
  pause: 'pause',
  resume: 'run',
  cancel: 'cancel',
  restore: 'restore',
};

/**
 * Records the operator's request. `runner` moves an orphaned job to that runner (the API passes 'server'
 * so the server adopts it; the CLI runs it itself). Returns the updated job; JobError when refused.
 */
export function controlJob(
  store: Store,
  id: string,
  action: ControlAction,
  actor: Actor,
  opts: { runner?: JobRunnerKind; rate?: number | null } = {},
): JobRecord {
  const job = requireJob(store, id);
  const why = refusal(job, action);
  if (why) {
    audit(store, actor, job, action, {}, why);
    throw new JobError(why);
  }
  if (opts.rate !== undefined) store.jobs.setRateLimit(id, opts.rate);
  const runner = opts.runner && !jobIsOwned(job) ? opts.runner : undefined;
  const updated = store.jobs.requestState(
    id,
    job.state === 'restoring' && action === 'resume' ? 'restore' : DESIRED[action],
    runner,
  );
  audit(store, actor, job, action, opts.rate !== undefined ? { rate: opts.rate } : {});
  return updated;
}

/** Changes the rate limit (messages/s, null = unlimited) of an active job; applies within a poll. */
export function setJobRate(store: Store, id: string, rate: number | null, actor: Actor): JobRecord {
  const job = requireJob(store, id);
  if (TERMINAL.has(job.state)) {
    const why = `job ${id} is ${job.state}; its rate cannot change`;
    audit(store, actor, job, 'rate', { rate }, why);
    throw new JobError(why);
  }
  if (rate !== null && (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE)) {
    throw new JobError(`rate must be between 1 and ${MAX_RATE} messages/s (or unlimited)`, 400);
  }
  const updated = store.jobs.setRateLimit(id, rate);
  audit(store, actor, job, 'rate', { rate });
  return updated;
}
