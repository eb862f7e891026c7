// Shared by `spillway drain` and `spillway jobs`: job id and rate arguments, the confirmation prompt, the
// lazy load of lib/recovery (keeps `spillway --help` instant) and the operator control path (controlJob /
// setJobRate, audited as `cli:<user>`). Nothing here imports lib/recovery at load time.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { JobRecord } from '../../store';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import { progressLine, runInForeground } from './drain-run';

export type Recovery = typeof import('../../recovery/cli');
export type CliRecovery = ReturnType<Recovery['openCli']>;

/** Messages/s: a positive number, or `unlimited`/`0` for no limit. */
export function parseRate(v: string): number | null {
  if (v === 'unlimited' || v === 'none' || v === '0') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1_000_000) {
    throw new InvalidArgumentError('expected messages per second (1-1000000) or "unlimited"');
  }
  return n;
}

const JOB_ID = /^j-[a-z0-9]{4,32}$/;

/** The id when it looks like a job id; a usage error (exit 2) otherwise. */
export function checkId(id: string): string {
  if (!JOB_ID.test(id)) throw new UserError(`"${id}" is not a job id (j-xxxxxxxx)`, 2);
  return id;
}

export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new UserError(`${question} — not a terminal: pass --yes to confirm`, 2);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('not confirmed; nothing changed');
  } finally {
    rl.close();
  }
}

/** Loads lib/recovery lazily and maps job errors to one-line user errors (exit 1: unknown job, refusal). */
export async function withRecovery<T>(cmd: Command, fn: (r: Recovery, cli: CliRecovery) => Promise<T>) {
  const { config } = loadCliConfig(cmd);
  const r = await import('../../recovery/cli');
  const cli = r.openCli(config);
  try {
    return await fn(r, cli);
  } catch (err) {
    const msg = r.userMessage(err);
    if (msg !== undefined) throw new UserError(msg);
    throw err;
  } finally {
    cli.close();
  }
}

/**
 * Pause, resume, cancel or restore a job from any process: the request is written and audited; the
 * process running the job applies it within a second. A job nobody runs (its process stopped or was
 * killed) is run here until the request is applied (resume: until it ends); `describe` gives the JSON
 * printed then.
 */
export async function controlFromCli(
  cmd: Command,
  id: string,
  action: 'pause' | 'resume' | 'cancel' | 'restore',
  opts: {
    rate?: number | null;
    describe: (r: Recovery, cli: CliRecovery, job: JobRecord) => Promise<unknown>;
  },
) {
  await withRecovery(cmd, async (r, cli) => {
    const out = output(cmd);
    const before = r.requireJob(cli.store, checkId(id));
    const job = r.controlJob(cli.store, id, action, cli.actor, {
      runner: 'cli',
      ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    });
    if (r.jobIsOwned(before)) {
      out.print(
        `${action} requested for ${id}; the process running it (${before.owner}) applies it within a second`,
        { id, requested: action, owner: before.owner },
      );
      return;
    }
    // Nobody runs the job (its process stopped or was killed): run it here. The notice goes to stderr
    // under --json, so stdout stays one JSON value.
    const notice = `${id} has no running process; ${action === 'pause' ? 'pausing' : 'running'} it here`;
    if (out.json) process.stderr.write(`${notice}\n`);
    else out.print(notice);
    // Replay kinds reach the archive through the store the running process binds (the CLI's here).
    if (!r.isDrainKind(job.kind))
      (await import('../../recovery/replay/store-access')).bindReplayStore(cli.store);
    const final = await runInForeground(r, cli, job.id, { stayWhilePaused: action === 'resume' });
    out.print(progressLine(r, cli, final), await opts.describe(r, cli, final));
  });
}

/** `<rate>` of `drain rate` / `jobs rate`: messages/s or "unlimited"; applies within a poll. */
export async function rateFromCli(cmd: Command, id: string, rate: string) {
  let value: number | null;
  try {
    value = parseRate(rate);
  } catch (err) {
    throw new UserError((err as Error).message, 2);
  }
  await withRecovery(cmd, async (r, cli) => {
    const job = r.setJobRate(cli.store, checkId(id), value, cli.actor);
    output(cmd).print(`${id}: rate limit ${value === null ? 'unlimited' : `${value} msg/s`}`, {
      id,
      rateLimit: job.rateLimit,
    });
  });
}
