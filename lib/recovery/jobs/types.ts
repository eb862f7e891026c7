// The contract between the job runner and a job kind (drain-kafka, drain-rabbitmq, replay…). See
// lib/recovery/README.md for how to write one.
import type { z } from 'zod';
import type { ClusterConfig } from '../../config';
import type { Logger } from '../../logger';
import type { AuditResult, JobRecord } from '../../store';
import type { RateLimiter } from '../rate-limit';

/** What a job needs from its surroundings: the clusters (with the embedded broker's real port). */
export interface JobEnv {
  /** The configured cluster; throws JobError when unknown. */
  cluster(name: string): ClusterConfig;
}

/** Why the run's signal fired. 'stop' = this process is shutting down (clean stop at a checkpoint). */
export type StopReason = 'pause' | 'cancel' | 'restore' | 'stop' | 'lease-lost';

export interface JobContext<P, C> {
  readonly job: JobRecord;
  readonly plan: P;
  /** The last committed checkpoint (the stored one when the phase starts). */
  checkpoint(): C;
  /**
   * Writes the checkpoint and adds doneDelta to `done` in one transaction; call it after every batch the
   * destination acknowledged. `total` replaces the total when given. Throws LeaseLostError when another
   * runner took the job over (stop at once: the other runner continues from the stored checkpoint).
   */
  commit(checkpoint: C, doneDelta: number, total?: number | null): void;
  /** Fires when the operator asks for pause/cancel/restore or the process stops. */
  readonly signal: AbortSignal;
  /** Why the signal fired (null while it has not). */
  stopReason(): StopReason | null;
  /** Messages/s token bucket following the job's rate_limit (changed live by `drain rate`/API). */
  readonly limiter: RateLimiter;
  readonly log: Logger;
  /** Appends an audit entry for this job (actor: the job's creator), target = job id. */
  audit(action: string, params: Record<string, unknown>, result: AuditResult, detail?: string): void;
  readonly env: JobEnv;
}

/**
 * A kind of job. run() works until done ('completed') or until ctx.signal fires ('stopped', after its last
 * commit). restore() (optional) runs once the operator asks for a restore, after run() stopped; it must be
 * resumable from its checkpoint. cancel() (optional) cleans up after run() stopped for a cancel.
 * view() (optional) reads live details (workers, temp lag) for status and the API; it must not write.
 */
export interface JobKind<P = unknown, C = unknown> {
  readonly kind: string;
  readonly planSchema: z.ZodType<P>;
  readonly checkpointSchema: z.ZodType<C>;
  run(ctx: JobContext<P, C>): Promise<'completed' | 'stopped'>;
  restore?(ctx: JobContext<P, C>): Promise<'completed' | 'stopped'>;
  cancel?(ctx: JobContext<P, C>): Promise<void>;
  view?(job: JobRecord, env: JobEnv): Promise<Record<string, unknown>>;
}

/** A job-level mistake or refusal with a one-line reason (CLI exit 1, API 4xx). */
export class JobError extends Error {
  constructor(
    message: string,
    /** HTTP status the API answers with. */
    readonly status: 400 | 404 | 409 | 422 | 503 = 409,
  ) {
    super(message);
    this.name = 'JobError';
  }
}
