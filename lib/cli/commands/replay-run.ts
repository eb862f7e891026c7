// Running a replay job in the CLI process: the runner holds the lease from creation, a progress line on a
// TTY, the job's view at the end. An error pauses the job; the command then exits 1 naming `replay resume`.
import { cliActor } from '../../auth/actor';
import type { Config } from '../../config';
import type { JobRecord, Store } from '../../store';
import { UserError } from '../errors';

export interface CliRunner {
  owner: string;
  run(job: JobRecord): Promise<{ outcome: string; job: JobRecord; view: Record<string, unknown> }>;
}

export async function cliRunner(config: Config, store: Store): Promise<CliRunner> {
  const [{ JobRunner }, { configEnv }, { jobKind }, { bindReplayStore }] = await Promise.all([
    import('../../recovery/jobs/runner'),
    import('../../recovery/jobs/env'),
    import('../../recovery/jobs/registry'),
    import('../../recovery/replay/store-access'),
  ]);
  bindReplayStore(store);
  const env = configEnv(config);
  const runner = new JobRunner({ store, env });
  return {
    owner: runner.owner,
    async run(job) {
      const tty = process.stderr.isTTY;
      const stop = () => void runner.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let outcome: string;
      try {
        outcome = await runner.runJob(job.id, {
          stayWhilePaused: true,
          exitOnError: true,
          onTick: (j) => {
            if (tty) process.stderr.write(`\r${j.id} ${j.state} ${j.done}/${j.total ?? '?'}   `);
          },
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        if (tty) process.stderr.write('\n');
      }
      const fresh = store.jobs.get(job.id) ?? job;
      const view = (await jobKind(fresh.kind).view?.(fresh, env)) ?? {};
      if (fresh.state === 'paused' && fresh.error) {
        throw new UserError(
          `job ${fresh.id} paused: ${fresh.error} (fix the cause, then: spillway replay resume ${fresh.id})`,
        );
      }
      return { outcome, job: fresh, view };
    },
  };
}

export const actorName = () => cliActor().name;
