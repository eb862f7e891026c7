// The job runner of the Spillway process: runs jobs started through the API and adopts orphaned ones
// (runner 'server', owner gone). stop() stops each job at a checkpoint and releases its lease.
import type { Logger } from '../../logger';
import type { BackgroundService } from '../../runtime/services';
import type { Store } from '../../store';
import { JobRunner } from './runner';
import type { JobEnv } from './types';

export const JOB_SERVICE = {
  /** How often the service looks for jobs to adopt. */
  scanMs: 1000,
} as const;

const KEY = Symbol.for('spillway.recovery.runner');
type Holder = { [KEY]?: JobRunnerService };

/** The process's job runner service (route handlers reach it through globalThis, like the sampler). */
export function currentJobRunner(): JobRunnerService | undefined {
  return (globalThis as Holder)[KEY];
}

export class JobRunnerService implements BackgroundService {
  readonly name = 'jobs';
  readonly runner: JobRunner;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: { store: Store; env: JobEnv; log: Logger; scanMs?: number }) {
    this.runner = new JobRunner({ store: opts.store, env: opts.env, log: opts.log });
  }

  /** The clusters as this process reaches them (the embedded broker at its real port). */
  get env(): JobEnv {
    return this.opts.env;
  }

  async start(): Promise<void> {
    (globalThis as Holder)[KEY] = this;
    this.scan();
    this.timer = setInterval(() => this.scan(), this.opts.scanMs ?? JOB_SERVICE.scanMs);
    this.timer.unref();
  }

  /** Adopts every server job without a live owner. */
  scan(): void {
    for (const job of this.opts.store.jobs.activeJobs('server')) {
      if (this.runner.activeIds().includes(job.id) || !this.runner.canAdopt(job)) continue;
      this.launch(job.id);
    }
  }

  /** Starts running a job now (the API calls this right after creating one). */
  launch(id: string): void {
    try {
      this.runner
        .runJob(id, { stayWhilePaused: true })
        .then((outcome) => this.opts.log.info('job finished here', { job: id, outcome }))
        .catch((err: unknown) =>
          this.opts.log.error('job runner error', { job: id, error: (err as Error).message }),
        );
    } catch (err) {
      this.opts.log.debug('job not adopted', { job: id, reason: (err as Error).message });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.runner.stop();
    if ((globalThis as Holder)[KEY] === this) (globalThis as Holder)[KEY] = undefined;
  }
}
