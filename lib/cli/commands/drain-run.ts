// Running a drain job in the CLI process: progress on stderr (a redrawn bar on a TTY, a plain line every
// 5 s otherwise), Ctrl-C = clean stop at a checkpoint (the job stays resumable), and the outcome.
import type { JobRecord } from '../../store';
import { UserError } from '../errors';

type Recovery = typeof import('../../recovery/cli');

const bar = (fraction: number | null, width = 24) => {
  if (fraction === null) return `[${'?'.repeat(width)}]`;
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
};

export function progressLine(r: Recovery, cli: ReturnType<Recovery['openCli']>, job: JobRecord): string {
  const p = r.jobProgress(cli.store, job);
  const pct = p.fraction === null ? '  ?%' : `${(p.fraction * 100).toFixed(1).padStart(5)}%`;
  const rate = p.rate === null ? '? msg/s' : `${Math.round(p.rate).toLocaleString('en-US')} msg/s`;
  const eta = p.etaSeconds === null ? 'ETA ?' : `ETA ${p.etaSeconds} s`;
  const total = p.total === null ? '?' : p.total.toLocaleString('en-US');
  return `${job.id} ${job.state.padEnd(9)} ${bar(p.fraction)} ${pct} ${p.done.toLocaleString('en-US')}/${total} ${rate} ${eta}`;
}

/** Runs (or adopts) a job here until it completes, is cancelled, paused by an error or Ctrl-C. */
export async function runInForeground(
  r: Recovery,
  cli: ReturnType<Recovery['openCli']>,
  id: string,
  opts: { stayWhilePaused: boolean },
): Promise<JobRecord> {
  const tty = Boolean(process.stderr.isTTY);
  let lastPlain = 0;
  let lastDraw = 0;
  const onTick = (job: JobRecord) => {
    const now = Date.now();
    if (tty) {
      if (now - lastDraw < 250) return;
      lastDraw = now;
      process.stderr.write(`\r\u001b[2K${progressLine(r, cli, job)}`);
    } else if (now - lastPlain >= 5000) {
      lastPlain = now;
      process.stderr.write(`${progressLine(r, cli, job)}\n`);
    }
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nstopping at the next checkpoint…\n');
    void cli.runner.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await cli.runner.runJob(id, {
      stayWhilePaused: opts.stayWhilePaused,
      exitOnError: true,
      onTick,
    });
    const job = cli.store.jobs.require(id);
    if (tty) process.stderr.write(`\r\u001b[2K${progressLine(r, cli, job)}\n`);
    else process.stderr.write(`${progressLine(r, cli, job)}\n`);
    if (outcome === 'released') {
      process.stderr.write(`stopped at a checkpoint; continue with: spillway jobs resume ${id}\n`);
      throw new UserError(`interrupted; job ${id} can be resumed`, 130);
    }
    if (outcome === 'lease-lost') throw new UserError(`job ${id} was taken over by another process`);
    if (outcome === 'failed') throw new UserError(`job ${id} failed: ${job.error ?? 'unknown error'}`);
    if (outcome === 'paused' && job.error) {
      throw new UserError(
        `job ${id} paused on an error: ${job.error}; fix the cause, then: spillway jobs resume ${id}`,
      );
    }
    return job;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
