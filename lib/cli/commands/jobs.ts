// `spillway jobs`: every recovery job (drains, replays) in one place — list, show (plan, checkpoint,
// progress, audit trail), and the generic controls pause/resume/cancel/rate through the same path as
// `spillway drain` and the API. Kind-specific actions (restore, replay resume …) stay with their commands.
// --json prints the objects of GET /api/jobs (lib/api/jobs.ts jobSummary), so the shapes cannot drift.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { AuditEntry, JobRecord, JobState } from '../../store';
import { output } from '../context';
import { UserError } from '../errors';
import type { CommandModule } from '../registry';
import {
  type CliRecovery,
  checkId,
  confirm,
  controlFromCli,
  type Recovery,
  rateFromCli,
  withRecovery,
} from './job-args';

/** Every job state, and whether it counts as active (`--state active` matches those). */
const STATES: Record<JobState, boolean> = {
  planned: true,
  running: true,
  paused: true,
  restoring: true,
  completed: false,
  cancelled: false,
  failed: false,
};
/** What `desired_state` is when the runner has caught up with the operator's last request. */
const SETTLED: Partial<Record<JobState, string>> = {
  planned: 'run',
  running: 'run',
  paused: 'pause',
  restoring: 'restore',
};

type StateFilter = JobState | 'active';

function parseState(v: string): StateFilter {
  if (v === 'active' || v in STATES) return v as StateFilter;
  throw new InvalidArgumentError(`expected one of ${Object.keys(STATES).join(', ')} or active`);
}

function parseLimit(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 1000) throw new InvalidArgumentError('expected an integer 1-1000');
  return n;
}

const count = (n: number) => n.toLocaleString('en-US');

/** "45s", "4m05s", "2h10m", "3d4h". */
function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}

const ago = (at: number, now: number) => `${duration((now - at) / 1000)} ago`;

/** `running`, or `running→pause` while the runner has not yet applied a request. */
function stateWord(job: Pick<JobRecord, 'state' | 'desiredState'>): string {
  const settled = SETTLED[job.state];
  return settled === undefined || settled === job.desiredState
    ? job.state
    : `${job.state}→${job.desiredState}`;
}

function etaWord(state: string, etaSeconds: number | null): string {
  if (!STATES[state as JobState]) return '-';
  if (state === 'paused') return 'paused';
  return etaSeconds === null ? '?' : duration(etaSeconds);
}

const rateWord = (rate: number | null) => (rate === null ? '?' : `${Math.round(rate)}/s`);
const limitWord = (limit: number | null) => (limit === null ? 'unlimited' : `${count(limit)} msg/s`);

/** The owner while it holds the lease; '-' when no process runs the job. */
function ownerWord(r: Recovery, job: JobRecord): string {
  return r.jobIsOwned(job) ? (job.owner ?? '-') : '-';
}

/** A plan's top-level fields on one line each: scalars as they are, lists and objects shortened. */
function planLines(plan: unknown): string[] {
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) return [`  ${short(plan, 200)}`];
  return Object.entries(plan as Record<string, unknown>).map(([k, v]) => {
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) {
      const shown = v.slice(0, 4).map(String).join(', ');
      return `  ${k}: ${short(v.length > 4 ? `[${v.length}] ${shown}, …` : `[${shown}]`, 160)}`;
    }
    return `  ${k}: ${short(v, 120)}`;
  });
}

function short(v: unknown, max: number): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function auditLine(e: AuditEntry): string {
  const { source: _source, ...params } = e.params;
  return (
    `  ${new Date(e.at).toISOString()} ${e.result.padEnd(6)} ${e.actor}${e.role ? ` (${e.role})` : ''} ${e.action}` +
    (Object.keys(params).length ? ` ${short(params, 200)}` : '') +
    (e.detail ? ` — ${e.detail}` : '')
  );
}

const AUDIT_LIMIT = 200;

export const jobsCommand: CommandModule = {
  name: 'jobs',
  summary: 'every recovery job (drain, replay): list, show, pause, resume, cancel, rate',
  register(program) {
    const jobs = program
      .command('jobs')
      .summary(this.summary)
      .description(
        "Recovery jobs of every kind, as the dashboard's Jobs page shows them. pause/resume/cancel/rate " +
          'work from any process and are audited as cli:<user>, like `spillway drain`; a job no process ' +
          'runs is run here until the request applies (resume: until it ends). Kind-specific actions stay ' +
          'with their command (drain restore, replay resume).',
      );

    jobs
      .command('list')
      .description('jobs, newest first; --json: an array of the objects GET /api/jobs returns')
      .option(
        '--kind <kind>',
        'only this kind (drain-kafka, drain-rabbitmq, replay-rabbitmq, replay-kafka, …)',
      )
      .option('--state <state>', `only this state (${Object.keys(STATES).join('|')}|active)`, parseState)
      .option('--limit <n>', 'at most this many jobs (1-1000)', parseLimit, 50)
      .action(async (f: { kind?: string; state?: StateFilter; limit: number }, cmd: Command) => {
        await withRecovery(cmd, async (r, cli) => {
          const [{ jobSummary }, { hasJobKind, jobKind }, { table }] = await Promise.all([
            import('../../api/jobs'),
            import('../../recovery/jobs/registry'),
            import('./replay-common'),
          ]);
          if (f.kind && !hasJobKind(f.kind)) {
            try {
              jobKind(f.kind);
            } catch (err) {
              throw new UserError(`--kind: ${(err as Error).message}`, 2);
            }
          }
          const state = f.state;
          const records = cli.store.jobs
            .list({
              ...(f.kind ? { kind: f.kind } : {}),
              active: state === 'active' || (state !== undefined && STATES[state]),
              limit: state ? 1000 : f.limit,
            })
            .filter((j) => state === undefined || state === 'active' || j.state === state)
            .slice(0, f.limit);
          const summaries = records.map((j) => jobSummary(cli.store, j));
          const now = Date.now();
          const rows = summaries.map(({ progress: p }, i) => {
            const j = records[i] as JobRecord;
            return [
              j.id,
              j.kind,
              stateWord(j),
              `${j.cluster} · ${j.target}`,
              `${count(p.done)}/${p.total === null ? '?' : count(p.total)}`,
              rateWord(p.rate),
              etaWord(j.state, p.etaSeconds),
              ago(j.createdAt, now),
              ago(j.updatedAt, now),
              ownerWord(r, j),
            ];
          });
          const header = [
            'ID',
            'KIND',
            'STATE',
            'SOURCE',
            'DONE/TOTAL',
            'RATE',
            'ETA',
            'STARTED',
            'UPDATED',
            'OWNER',
          ];
          output(cmd).print(rows.length ? table(header, rows) : 'no jobs', summaries);
        });
      });

    jobs
      .command('show')
      .argument('<id>', 'a job id')
      .description(
        'one job: state, progress, plan, checkpoint and its audit trail (oldest first); --json: ' +
          '{job (as GET /api/jobs), runner, owner, plan, checkpoint, audit (newest first)}',
      )
      .action(async (id: string, _o: unknown, cmd: Command) => {
        checkId(id);
        await withRecovery(cmd, async (r, cli) => {
          const { jobSummary } = await import('../../api/jobs');
          const job = r.requireJob(cli.store, id);
          const summary = jobSummary(cli.store, job);
          const audit = cli.store.auditLog.list({ target: id, limit: AUDIT_LIMIT });
          const owner = r.jobIsOwned(job) ? job.owner : null;
          const p = summary.progress;
          const now = Date.now();
          const pct = p.fraction === null ? '' : ` (${(p.fraction * 100).toFixed(1)}%)`;
          const text = [
            `${job.id} ${job.kind} ${stateWord(job)}`,
            `  source    ${job.cluster} · ${job.target} (${job.sourceKey})`,
            `  created   ${new Date(job.createdAt).toISOString()} by ${job.createdBy} (${ago(job.createdAt, now)}), updated ${ago(job.updatedAt, now)}` +
              (job.finishedAt ? `, finished ${new Date(job.finishedAt).toISOString()}` : ''),
            `  runner    ${job.runner}, owner ${owner ?? 'none (no process runs it)'}`,
            `  progress  ${count(p.done)}/${p.total === null ? '?' : count(p.total)}${pct} · ${rateWord(p.rate)} · ETA ${etaWord(job.state, p.etaSeconds)} · rate limit ${limitWord(job.rateLimit)}`,
            ...(job.error ? [`  error     ${job.error}`] : []),
            'plan',
            ...planLines(job.plan),
            'checkpoint',
            `  ${short(job.checkpoint, 200)}`,
            `audit trail${audit.length === AUDIT_LIMIT ? ` (last ${AUDIT_LIMIT})` : ''}`,
            ...(audit.length ? [...audit].reverse().map(auditLine) : ['  (no entries)']),
          ].join('\n');
          output(cmd).print(text, {
            job: summary,
            runner: job.runner,
            owner,
            plan: job.plan,
            checkpoint: job.checkpoint,
            audit,
          });
        });
      });

    const describe = async (_r: unknown, cli: CliRecovery, job: JobRecord) =>
      (await import('../../api/jobs')).jobSummary(cli.store, job);

    jobs
      .command('pause')
      .argument('<id>')
      .description('stop at the next checkpoint (resumable)')
      .action(async (id: string, _o: unknown, cmd: Command) =>
        controlFromCli(cmd, id, 'pause', { describe }),
      );
    jobs
      .command('resume')
      .argument('<id>')
      .description('continue from the checkpoint (runs it here when no process does)')
      .action(async (id: string, _o: unknown, cmd: Command) =>
        controlFromCli(cmd, id, 'resume', { describe }),
      );
    jobs
      .command('cancel')
      .argument('<id>')
      .option('--yes', 'do not ask for confirmation')
      .description('stop for good (what the job already did stays done; drains keep their temp topic/queues)')
      .action(async (id: string, o: { yes?: boolean }, cmd: Command) => {
        checkId(id);
        await confirm(`Cancel ${id}? It cannot be resumed afterwards.`, o.yes);
        await controlFromCli(cmd, id, 'cancel', { describe });
      });
    jobs
      .command('rate')
      .argument('<id>')
      .argument('<rate>', 'messages/s, or "unlimited"')
      .description('change the rate limit while it runs (applies within a second)')
      .action(async (id: string, rate: string, _o: unknown, cmd: Command) => rateFromCli(cmd, id, rate));
  },
};
