import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { output } from '../context';
import { UserError } from '../errors';
import type { CommandModule } from '../registry';
import { progressLine, runInForeground } from './drain-run';
import {
  type CliRecovery,
  checkId,
  confirm,
  controlFromCli,
  parseRate,
  type Recovery,
  rateFromCli,
  withRecovery,
} from './job-args';

interface TargetFlags {
  topic?: string;
  group?: string;
  queue?: string;
  vhost?: string;
  key?: string;
  cluster?: string;
  factor: number;
  rate?: number | null;
  yes?: boolean;
  force?: boolean;
}

function parseFactor(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected an integer between 2 and 100');
  return Number(v);
}

function inputOf(f: TargetFlags) {
  return {
    ...(f.cluster ? { cluster: f.cluster } : {}),
    ...(f.topic ? { topic: f.topic } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.queue ? { queue: f.queue } : {}),
    ...(f.vhost ? { vhost: f.vhost } : {}),
    ...(f.key ? { key: f.key } : {}),
    factor: f.factor,
    force: Boolean(f.force),
    rateLimit: f.rate ?? null,
  };
}

function targetOptions(c: Command): Command {
  return c
    .option('--topic <topic>', 'Kafka: the topic with the backlog')
    .option('--group <group>', 'Kafka: the consumer group behind it')
    .option('--queue <queue>', 'RabbitMQ: the queue with the backlog')
    .option('--vhost <vhost>', 'RabbitMQ: its virtual host', '/')
    .option('--key <key>', 'RabbitMQ: what to hash: header:<name>, messageId or routingKey')
    .option('--cluster <name>', 'the cluster (needed when several could hold the target)')
    .option(
      '--factor <n>',
      'temporary partitions per source partition (or temp queues), 2-100',
      parseFactor,
      10,
    )
    .option('--force', 'start although the group has active members (they would consume the backlog twice)');
}

async function plan(r: Recovery, cli: CliRecovery, f: TargetFlags) {
  const input = inputOf(f);
  const front = r.drainFrontFor(input);
  const cluster = r.pickCluster(cli.config.clusters, front, f.cluster);
  return { front, cluster, input, view: await front.plan(cli.env, cluster, input) };
}

async function statusOf(r: Recovery, cli: CliRecovery, id: string) {
  const job = r.requireJob(cli.store, id);
  return r.drainStatus(cli.store, job, await r.drainLive(job, cli.env));
}

/** The status and the workers' projection; a one-shot read of an active drain reads twice, 1 s apart. */
async function statusWithProjection(r: Recovery, cli: CliRecovery, id: string) {
  let job = r.requireJob(cli.store, id);
  if (r.wantsSecondReading(job)) {
    r.drainProjection(job, await r.drainLive(job, cli.env), null);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    job = r.requireJob(cli.store, id);
  }
  const live = await r.drainLive(job, cli.env);
  const status = r.drainStatus(cli.store, job, live);
  return { status, projection: r.drainProjection(job, live, status.etaSeconds) };
}

function statusText(
  s: Awaited<ReturnType<typeof statusOf>>,
  p?: { workersRate: number | null; finishSeconds: number | null },
): string {
  const temp =
    'tempTopic' in s
      ? `temp topic ${s.tempTopic}`
      : 'tempQueues' in s
        ? `temp queues ${s.tempQueues.join(', ')}`
        : '';
  return [
    `${s.id} ${s.kind} ${s.state} (factor ${s.factor ?? '?'}) ${temp}`,
    `  dispatched ${s.dispatched.toLocaleString('en-US')} of ${s.total?.toLocaleString('en-US') ?? '?'} · ${s.rate ?? '?'} msg/s · ETA ${s.etaSeconds ?? '?'} s`,
    `  workers ${s.workers ?? '?'} · temp lag ${s.tempLag?.toLocaleString('en-US') ?? '?'}${p ? ` · consuming ${p.workersRate ?? '?'} msg/s · finish in ${p.finishSeconds ?? '?'} s` : ''}`,
  ].join('\n');
}

function control(
  cmd: Command,
  id: string,
  action: 'pause' | 'resume' | 'cancel' | 'restore',
  rate?: number | null,
) {
  return controlFromCli(cmd, id, action, {
    ...(rate !== undefined ? { rate } : {}),
    describe: (r, cli) => statusOf(r, cli, id),
  });
}

export const drainCommand: CommandModule = {
  name: 'drain',
  summary: 'drain a backlog through factor× temporary partitions or queues, then restore',
  register(program) {
    const drain = program
      .command('drain')
      .summary(this.summary)
      .description(
        'Move a backlog into a temporary topic with factor × partitions (Kafka) or factor temporary queues\n' +
          '(RabbitMQ), keyed so per-key order holds; run factor × consumers on it; then restore the original\n' +
          'layout. plan is a dry run; start asks for confirmation (or --yes) and runs the dispatcher in this\n' +
          'process; pause/resume/cancel/restore/rate work from any process.',
      );

    targetOptions(
      drain.command('plan').description('dry run: backlog, temp topic or queues, ETA, warnings'),
    ).action(async (f: TargetFlags, cmd: Command) => {
      await withRecovery(cmd, async (r, cli) => {
        const { view } = await plan(r, cli, f);
        const text = [...view.lines, ...view.warnings.map((w) => `  warning: ${w}`)];
        if (view.refusal) text.push(`  start would refuse: ${view.refusal}`);
        output(cmd).print(text.join('\n'), {
          kind: view.kind,
          cluster: view.cluster,
          ...view.plan,
          refusal: view.refusal,
        });
      });
    });

    targetOptions(
      drain.command('start').description('plan, confirm, create the temp topic/queues and dispatch here'),
    )
      .option('--rate <n>', 'messages/s limit for the dispatcher ("unlimited" by default)', parseRate)
      .option('--yes', 'do not ask for confirmation')
      .action(async (f: TargetFlags, cmd: Command) => {
        await withRecovery(cmd, async (r, cli) => {
          const out = output(cmd);
          const p = await plan(r, cli, f);
          process.stderr.write(
            `${[...p.view.lines, ...p.view.warnings.map((w) => `  warning: ${w}`)].join('\n')}\n`,
          );
          if (p.view.refusal) throw new UserError(p.view.refusal);
          await confirm('Start the drain?', f.yes);
          const job = await p.front.create(
            cli.store,
            cli.env,
            p.cluster,
            p.input,
            cli.actor,
            'cli',
            cli.runner.owner,
          );
          const s = p.front.statusFields(job);
          const temp = 'tempTopic' in s ? s.tempTopic : s.tempQueues.join(', ');
          process.stderr.write(
            `job ${job.id} started: dispatching into ${temp}\n` +
              `  point your workers at it; pause, restore or change the rate with: spillway drain <pause|restore|rate> ${job.id}\n`,
          );
          const final = await runInForeground(r, cli, job.id, { stayWhilePaused: true });
          out.print(progressLine(r, cli, final), await statusOf(r, cli, job.id));
        });
      });

    drain
      .command('status')
      .argument('[id]', 'a drain job id; without it, every drain job')
      .description('progress, rate, ETA, workers and temp lag')
      .action(async (id: string | undefined, _o: unknown, cmd: Command) => {
        await withRecovery(cmd, async (r, cli) => {
          const out = output(cmd);
          if (id) {
            // --json prints exactly the status fields; the text adds the workers' projection.
            if (out.json) {
              const s = await statusOf(r, cli, checkId(id));
              out.print(statusText(s), s);
            } else {
              const { status, projection } = await statusWithProjection(r, cli, checkId(id));
              out.print(statusText(status, projection));
            }
            return;
          }
          const jobs = cli.store.jobs.list({ limit: 100 }).filter((j) => r.isDrainKind(j.kind));
          const all = await Promise.all(jobs.map((j) => statusOf(r, cli, j.id)));
          out.print(all.length ? all.map((x) => statusText(x)).join('\n') : 'no drain jobs', all);
        });
      });

    drain
      .command('pause')
      .argument('<id>')
      .description('stop dispatching at the next checkpoint')
      .action(async (id: string, _o: unknown, cmd: Command) => control(cmd, id, 'pause'));
    drain
      .command('resume')
      .argument('<id>')
      .option('--rate <n>', 'change the rate limit too', parseRate)
      .description('continue from the checkpoint (runs it here when no process does)')
      .action(async (id: string, o: { rate?: number | null }, cmd: Command) =>
        control(cmd, id, 'resume', o.rate),
      );
    drain
      .command('cancel')
      .argument('<id>')
      .option('--yes', 'do not ask for confirmation')
      .description('stop for good; the source keeps its offsets, the temp topic/queues are kept')
      .action(async (id: string, o: { yes?: boolean }, cmd: Command) => {
        await confirm(
          `Cancel ${id}? The original group keeps its offsets (copied messages may be consumed twice).`,
          o.yes,
        );
        await control(cmd, id, 'cancel');
      });
    drain
      .command('restore')
      .argument('<id>')
      .option('--yes', 'do not ask for confirmation')
      .description(
        'stop at a cut-over, wait for temp lag 0, move the group there, delete the temp topic/queues',
      )
      .action(async (id: string, o: { yes?: boolean }, cmd: Command) => {
        await confirm(
          `Restore ${id}? Dispatching stops, and the temp topic/queues are deleted once drained.`,
          o.yes,
        );
        await control(cmd, id, 'restore');
      });
    drain
      .command('rate')
      .argument('<id>')
      .argument('<rate>', 'messages/s, or "unlimited"')
      .description('change the dispatcher rate limit while it runs')
      .action(async (id: string, rate: string, _o: unknown, cmd: Command) => rateFromCli(cmd, id, rate));
  },
};
