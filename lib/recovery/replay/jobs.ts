// Creating replay jobs: one helper for every replay kind (conflict → ReplayError, audit entry).
import type { Actor } from '../../auth/actor';
import { JobConflictError, type JobRecord, type JobRunnerKind, type Store } from '../../store';
import { ReplayError } from './errors';

export interface NewReplayJob {
  kind: string;
  sourceKey: string;
  cluster: string;
  target: string;
  plan: unknown;
  total: number;
  rate: number | null;
  actor: Actor;
  runner: JobRunnerKind;
  /** CLI: the runner's owner, so the creating process holds the lease from the start. */
  owner?: string;
}

export function createReplayJob(store: Store, j: NewReplayJob): JobRecord {
  try {
    const job = store.jobs.create({
      kind: j.kind,
      sourceKey: j.sourceKey,
      cluster: j.cluster,
      target: j.target,
      runner: j.runner,
      plan: j.plan,
      total: j.total,
      rateLimit: j.rate,
      createdBy: j.actor.name,
      ...(j.owner ? { owner: j.owner } : {}),
    });
    store.auditLog.append({
      actor: j.actor.name,
      role: j.actor.role,
      action: `${j.kind}.start`,
      target: job.id,
      params: { source: j.sourceKey, total: j.total, rate: j.rate },
      result: 'ok',
    });
    return job;
  } catch (error) {
    if (error instanceof JobConflictError) {
      throw new ReplayError(
        `another job is already active for ${j.sourceKey}${error.activeJobId ? ` (${error.activeJobId})` : ''}`,
        'refused',
      );
    }
    throw error;
  }
}
