// Runs jobs: claims a job's lease, heartbeats it, follows the control the operator writes to the store
// (desired_state, rate_limit; polled every LEASE.pollMs, so control works across processes) and calls the
// kind's run/restore/cancel. See lib/recovery/README.md.
import { createLogger, type Logger } from '../../logger';
import { type JobRecord, LeaseLostError, type Store } from '../../store';
import '../kinds';
import { RateLimiter } from '../rate-limit';
import { LEASE, ownerAlive, ownerId } from './lease';
import { jobKind } from './registry';
import { type JobContext, type JobEnv, JobError, type JobKind, type StopReason } from './types';

export interface JobRunnerOptions {
  store: Store;
  env: JobEnv;
  log?: Logger;
  /** Lease owner string; one per runner. */
  owner?: string;
}

export interface RunJobOptions {
  /**
   * true (CLI `start`/`resume`, the server): a paused job stays owned and the runner waits for resume.
   * false (CLI control commands acting on an orphan): return once the job is paused.
   */
  stayWhilePaused?: boolean;
  /** Return (releasing the lease) when an error pauses the job, instead of waiting for a resume. */
  exitOnError?: boolean;
  /** Called after every heartbeat with the fresh row (progress bars). */
  onTick?: (job: JobRecord) => void;
}

export type RunOutcome = 'completed' | 'cancelled' | 'failed' | 'paused' | 'released' | 'lease-lost';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class JobRunner {
  readonly owner: string;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly running = new Map<string, Promise<RunOutcome>>();

  constructor(private readonly opts: JobRunnerOptions) {
    this.owner = opts.owner ?? ownerId();
    this.log = opts.log ?? createLogger('recovery.jobs');
  }

  get store(): Store {
    return this.opts.store;
  }

  /** Job ids this runner is running now. */
  activeIds(): string[] {
    return [...this.running.keys()];
  }

  /** Whether the job could be adopted by this runner now (no live owner, or already ours). */
  canAdopt(job: JobRecord): boolean {
    return job.owner === this.owner || !ownerAlive(job.owner, job.heartbeatAt);
  }

  /** Claims the job (free, stale or dead owner) and runs it to an outcome. JobError when it is owned. */
  runJob(id: string, options: RunJobOptions = {}): Promise<RunOutcome> {
    const existing = this.running.get(id);
    if (existing) return existing;
    const job = this.store.jobs.get(id);
    if (!job) throw new JobError(`no job ${id}`, 404);
    if (job.owner !== this.owner) {
      const dead = ownerAlive(job.owner, job.heartbeatAt) ? undefined : (job.owner ?? undefined);
      const claimed = this.store.jobs.claim(id, this.owner, {
        staleBefore: Date.now() - LEASE.staleMs,
        ...(dead ? { deadOwner: dead } : {}),
      });
      if (!claimed) {
        throw new JobError(
          ['completed', 'cancelled', 'failed'].includes(job.state)
            ? `job ${id} is ${job.state}`
            : `job ${id} is being run by another process (${job.owner})`,
        );
      }
    }
    const p = this.loop(id, options).finally(() => this.running.delete(id));
    this.running.set(id, p);
    return p;
  }

  /** Clean stop: every running job stops at its next checkpoint and its lease is released. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  private async loop(id: string, options: RunJobOptions): Promise<RunOutcome> {
    const jobs = this.store.jobs;
    let job = jobs.require(id);
    const kind = jobKind(job.kind);
    const log = this.log.child(id);
    const limiter = new RateLimiter(job.rateLimit);
    try {
      for (;;) {
        if (this.stopping.signal.aborted) {
          jobs.release(id, this.owner);
          return 'released';
        }
        job = jobs.heartbeat(id, this.owner);
        options.onTick?.(job);
        limiter.setRate(job.rateLimit);
        switch (job.desiredState) {
          case 'run': {
            if (job.state === 'restoring') {
              // A restore already began; it cannot be undone into a run.
              job = await this.phase(job, kind, 'restore', limiter, log, options);
              if (job.state === 'completed') return 'completed';
              if (job.state === 'paused' && job.error) return this.releasePaused(id, options);
              break;
            }
            if (job.state !== 'running') job = jobs.setState(id, this.owner, 'running', null);
            job = await this.phase(job, kind, 'run', limiter, log, options);
            if (job.state === 'completed') return 'completed';
            if (job.state === 'paused' && job.error) return this.releasePaused(id, options);
            break;
          }
          case 'pause': {
            if (job.state === 'restoring') {
              jobs.requestState(id, 'restore');
              break;
            }
            if (job.state !== 'paused') {
              job = jobs.setState(id, this.owner, 'paused', null);
              kindAudit(this.store, job, 'pause', {}, 'ok');
            }
            if (!options.stayWhilePaused) {
              jobs.release(id, this.owner);
              return 'paused';
            }
            await this.waitWhile(id, options, (j) => j.desiredState === 'pause');
            break;
          }
          case 'cancel': {
            if (kind.cancel) await kind.cancel(this.context(job, kind, limiter, log, new AbortController()));
            jobs.setState(id, this.owner, 'cancelled', null);
            kindAudit(this.store, job, 'cancelled', {}, 'ok');
            return 'cancelled';
          }
          case 'restore': {
            if (!kind.restore) {
              jobs.requestState(id, 'pause');
              jobs.setState(id, this.owner, 'paused', `a ${job.kind} job has no restore step`);
              break;
            }
            if (job.state !== 'restoring') job = jobs.setState(id, this.owner, 'restoring', null);
            job = await this.phase(job, kind, 'restore', limiter, log, options);
            if (job.state === 'completed') return 'completed';
            if (job.state === 'paused' && job.error) return this.releasePaused(id, options);
            break;
          }
        }
      }
    } catch (err) {
      if (err instanceof LeaseLostError) {
        log.warn('lease lost: another runner took the job over');
        return 'lease-lost';
      }
      const message = (err as Error).message;
      log.error('job failed', { error: message });
      try {
        jobs.setState(id, this.owner, 'failed', message);
        kindAudit(this.store, job, 'failed', {}, 'error', message);
      } catch {
        /* lease lost meanwhile */
      }
      return 'failed';
    }
  }

  /** A job paused by an error: the CLI returns (and says why); the server keeps waiting for a resume. */
  private async releasePaused(id: string, options: RunJobOptions): Promise<RunOutcome> {
    if (options.stayWhilePaused && options.exitOnError !== true) {
      await this.waitWhile(id, options, (j) => j.desiredState === 'pause');
      if (!this.stopping.signal.aborted) return this.loop(id, options);
    }
    this.store.jobs.release(id, this.owner);
    return 'paused';
  }

  /** Polls the control fields until `cond` turns false (or this runner stops). */
  private async waitWhile(id: string, options: RunJobOptions, cond: (j: JobRecord) => boolean) {
    for (;;) {
      if (this.stopping.signal.aborted) return;
      const j = this.store.jobs.heartbeat(id, this.owner);
      options.onTick?.(j);
      if (!cond(j)) return;
      await sleep(LEASE.pollMs);
    }
  }

  /**
   * Runs one phase (run or restore) with a signal that fires when the desired state leaves what the phase
   * serves or the process stops. An error from the kind pauses the job with the error recorded (nothing is
   * lost: the checkpoint is the last acknowledged batch); the operator resumes after fixing the cause.
   */
  private async phase(
    job: JobRecord,
    kind: JobKind<unknown, unknown>,
    phase: 'run' | 'restore',
    limiter: RateLimiter,
    log: Logger,
    options: RunJobOptions,
  ): Promise<JobRecord> {
    const jobs = this.store.jobs;
    const ac = new AbortController();
    let reason: StopReason | null = null;
    const stopWith = (r: StopReason) => {
      if (reason) return;
      reason = r;
      ac.abort();
    };
    const onStop = () => stopWith('stop');
    this.stopping.signal.addEventListener('abort', onStop);
    if (this.stopping.signal.aborted) stopWith('stop');
    const serves = (d: JobRecord['desiredState']) =>
      phase === 'run' ? d === 'run' : d === 'restore' || d === 'run';
    const timer = setInterval(() => {
      try {
        const j = jobs.heartbeat(job.id, this.owner);
        limiter.setRate(j.rateLimit);
        options.onTick?.(j);
        if (!serves(j.desiredState)) stopWith(j.desiredState === 'run' ? 'stop' : j.desiredState);
      } catch (err) {
        if (err instanceof LeaseLostError) stopWith('lease-lost');
      }
    }, LEASE.pollMs);
    const ctx = this.context(job, kind, limiter, log, ac, () => reason);
    try {
      const fn = phase === 'run' ? kind.run : kind.restore;
      if (!fn) throw new JobError(`a ${job.kind} job has no ${phase} step`);
      const outcome = await fn.call(kind, ctx);
      if (reason === 'lease-lost') throw new LeaseLostError(job.id);
      if (outcome === 'completed') {
        const done = jobs.setState(job.id, this.owner, 'completed', null);
        kindAudit(this.store, done, phase === 'run' ? 'completed' : 'restored', {}, 'ok');
        return done;
      }
      return jobs.require(job.id);
    } catch (err) {
      if (err instanceof LeaseLostError || reason === 'lease-lost') throw new LeaseLostError(job.id);
      const message = (err as Error).message;
      log.error(`${phase} stopped on an error; the job is paused`, { error: message });
      jobs.requestState(job.id, 'pause');
      const paused = jobs.setState(job.id, this.owner, 'paused', `${phase}: ${message}`);
      kindAudit(this.store, paused, 'error', { phase }, 'error', message);
      return paused;
    } finally {
      clearInterval(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }

  private context(
    job: JobRecord,
    kind: JobKind<unknown, unknown>,
    limiter: RateLimiter,
    log: Logger,
    ac: AbortController,
    reason: () => StopReason | null = () => null,
  ): JobContext<unknown, unknown> {
    const jobs = this.store.jobs;
    const plan = kind.planSchema.parse(job.plan);
    let checkpoint = kind.checkpointSchema.parse(job.checkpoint);
    return {
      job,
      plan,
      checkpoint: () => checkpoint,
      commit: (c, doneDelta, total) => {
        jobs.commit(job.id, this.owner, c, doneDelta, total);
        checkpoint = c;
      },
      signal: ac.signal,
      stopReason: reason,
      limiter,
      log,
      audit: (action, params, result, detail) => kindAudit(this.store, job, action, params, result, detail),
      env: this.opts.env,
    };
  }
}

/** An audit entry written by the runner on the job's behalf: action '<kind>.<action>', actor the creator. */
export function kindAudit(
  store: Store,
  job: JobRecord,
  action: string,
  params: Record<string, unknown>,
  result: 'ok' | 'error' | 'denied',
  detail?: string,
): void {
  store.auditLog.append({
    actor: job.createdBy,
    action: `${job.kind}.${action}`,
    target: job.id,
    params: { source: job.sourceKey, ...params },
    result,
    detail: detail ?? null,
  });
}
