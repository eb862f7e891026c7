// `spillway replay rabbitmq` and `spillway replay resume`.
import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { rabbitmqCluster } from '../../recovery/replay/clusters';
import type { RabbitReplayPreview } from '../../recovery/replay/rabbitmq/replay-create';
import { parseTime } from '../../recovery/replay/time';
import { output } from '../context';
import { parsePositiveInt } from '../parse';
import { printPreview, table, withStore } from './replay-common';
import { cliRunner } from './replay-run';

interface RabbitFlags {
  queue: string;
  vhost: string;
  cluster?: string;
  since?: string;
  until?: string;
  reason?: string;
  rate?: number;
  dryRun?: boolean;
  again?: boolean;
  yes?: boolean;
}

function previewText(p: RabbitReplayPreview): string {
  const rows = p.destinations.map((d) => [
    d.exchange || '(default)',
    d.routingKeys.join(','),
    d.count,
    d.exists ? 'yes' : 'MISSING',
  ]);
  return [
    `${p.count} archived message(s) of ${p.cluster} ${p.vhost}/${p.queue} to replay`,
    table(['exchange', 'routing keys', 'messages', 'exchange exists'], rows),
  ].join('\n');
}

export function registerRabbitReplay(replay: Command): void {
  replay
    .command('rabbitmq')
    .summary('republish archived messages to their original exchange, once')
    .description(
      'Republish archived messages of a captured queue to their original exchange and routing keys, with\n' +
        'publisher confirms and mandatory (unroutable ones are reported and stay unreplayed), message id and\n' +
        'properties kept, x-death headers stripped, spillway-replay-of/-count added, no expiration. Each archived\n' +
        'message is replayed at most once unless --again. Shows the plan; --yes starts the job.',
    )
    .requiredOption('--queue <name>', 'captured queue')
    .option('--vhost <vhost>', 'vhost', '/')
    .option('--cluster <name>', 'RabbitMQ cluster (default: the only one configured)')
    .option('--since <time>', 'captured at or after (ISO time or age: 30m, 2h, 7d)')
    .option('--until <time>', 'captured before')
    .option('--reason <reason>', 'only messages that died for this reason (expired, rejected, maxlen)')
    .option('--rate <n>', 'messages per second (default: unlimited)', parsePositiveInt)
    .option('--dry-run', 'only show what would be replayed')
    .option('--again', 'also replay messages replayed before')
    .option('--yes', 'start without asking')
    .action(async (flags: RabbitFlags, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        const { previewRabbitReplay, createRabbitReplay } = await import(
          '../../recovery/replay/rabbitmq/replay-create'
        );
        const input = {
          cluster: rabbitmqCluster(config, flags.cluster),
          vhost: flags.vhost,
          queue: flags.queue,
          since: flags.since ? parseTime('--since', flags.since) : null,
          until: flags.until ? parseTime('--until', flags.until) : null,
          reason: flags.reason ?? null,
          again: Boolean(flags.again),
          rate: flags.rate ?? null,
        };
        if (flags.dryRun || !flags.yes) {
          const p = await previewRabbitReplay(store, input);
          printPreview(out, previewText(p), p, Boolean(flags.dryRun));
          return;
        }
        const runner = await cliRunner(config, store);
        const { preview, job } = await createRabbitReplay(store, input, cliActor(), 'cli', runner.owner);
        if (!job) {
          out.print('0 messages to replay: nothing published.', {
            dryRun: false,
            ...preview,
            published: 0,
            job: null,
          });
          return;
        }
        const r = await runner.run(job);
        out.print(`job ${job.id} ${r.job.state}: ${JSON.stringify(r.view)}`, {
          dryRun: false,
          job: { id: job.id, state: r.job.state, done: r.job.done, total: r.job.total },
          ...r.view,
        });
      });
    });

  replay
    .command('resume')
    .summary('resume a paused replay job here')
    .description('Resume a paused or orphaned replay job in this process (from its checkpoint).')
    .argument('<id>', 'job id')
    .option('--rate <n>', 'new rate limit, messages per second', parsePositiveInt)
    .action(async (id: string, flags: { rate?: number }, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        const { controlJob, requireJob, setJobRate } = await import('../../recovery/jobs/control');
        const job = requireJob(store, id);
        if (flags.rate !== undefined) setJobRate(store, id, flags.rate, cliActor());
        if (job.desiredState !== 'run') controlJob(store, id, 'resume', cliActor(), { runner: 'cli' });
        const runner = await cliRunner(config, store);
        const r = await runner.run(job);
        out.print(`job ${id} ${r.job.state}: ${JSON.stringify(r.view)}`, {
          job: { id, state: r.job.state, done: r.job.done, total: r.job.total },
          ...r.view,
        });
      });
    });
}
