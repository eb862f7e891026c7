// `spillway replay capture | archive | list`: capture a queue's dead letters, consume the archive queue, browse.
import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { rabbitmqCluster } from '../../recovery/replay/clusters';
import type { CaptureStatus } from '../../recovery/replay/rabbitmq/capture';
import { parseTime } from '../../recovery/replay/time';
import type { ArchiveQuery } from '../../store';
import { output } from '../context';
import { UserError } from '../errors';
import { parsePositiveInt } from '../parse';
import { auditCli, table, withStore } from './replay-common';

interface QueueFlags {
  queue: string;
  vhost: string;
  cluster?: string;
}

function statusText(s: CaptureStatus): string {
  const lines = [
    `${s.cluster} vhost ${s.vhost} queue ${s.queue}: capture ${s.captured ? 'ON' : 'off'}`,
    `  effective policy: ${s.policy ?? '(none)'} ${JSON.stringify(s.effectiveDefinition)}`,
    `  base policy: ${s.basePolicy ? `${s.basePolicy.name} (priority ${s.basePolicy.priority}) ${JSON.stringify(s.basePolicy.definition)}` : '(none)'}`,
    `  archive queue: ${s.archiveQueue} (${s.archiveBacklog ?? 'absent'}${s.archiveBacklog === null ? '' : ' waiting'})`,
  ];
  if (s.operatorPolicy)
    lines.push(`  operator policy ${s.operatorPolicy} also applies (its limits win over the user policy's)`);
  const args = Object.keys(s.queueArguments);
  if (args.length > 0) lines.push(`  queue arguments (always apply): ${JSON.stringify(s.queueArguments)}`);
  if (s.drift.length > 0) {
    lines.push(
      `  WARNING: the base policy changed since capture (${s.drift.join(', ')}): run capture again to copy it`,
    );
  }
  return lines.join('\n');
}

export function registerArchiveCommands(replay: Command): void {
  replay
    .command('capture')
    .summary("dead-letter a queue's expired/rejected messages into the archive (or --remove)")
    .description(
      "Make the queue's expired and rejected messages dead-letter to exchange spillway.capture and queue\n" +
        'spillway.archive.<queue>, through a higher-priority policy that copies the current policy (TTL, limits)\n' +
        'and adds the dead-letter settings. Refused when the queue already has another dead-letter exchange.\n' +
        '--remove deletes that policy (the previous one applies again); --status only shows.',
    )
    .requiredOption('--queue <name>', 'queue')
    .option('--vhost <vhost>', 'vhost', '/')
    .option('--cluster <name>', 'RabbitMQ cluster (default: the only one configured)')
    .option('--remove', 'turn capture off')
    .option('--status', 'only show the capture state')
    .action(async (flags: QueueFlags & { remove?: boolean; status?: boolean }, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        const cap = await import('../../recovery/replay/rabbitmq/capture');
        const cluster = rabbitmqCluster(config, flags.cluster);
        const target = `rabbitmq:${cluster.name}/${flags.vhost}/${flags.queue}`;
        if (flags.status) {
          const s = await cap.captureStatus(cluster, flags.vhost, flags.queue);
          out.print(statusText(s), s);
          return;
        }
        const action = flags.remove ? 'replay.capture.remove' : 'replay.capture';
        try {
          const s = flags.remove
            ? await cap.stopCapture(cluster, flags.vhost, flags.queue)
            : await cap.startCapture(cluster, flags.vhost, flags.queue);
          if (flags.remove) store.replayCaptures.remove(cluster.name, flags.vhost, flags.queue);
          else
            store.replayCaptures.add({
              cluster: cluster.name,
              vhost: flags.vhost,
              queue: flags.queue,
              createdBy: cliActor().name,
            });
          auditCli(store, action, target, {});
          out.print(statusText(s), s);
        } catch (error) {
          auditCli(store, action, target, {}, 'error', (error as Error).message);
          throw error;
        }
      });
    });

  replay
    .command('archive')
    .summary("store a captured queue's dead letters now (the server does it by itself)")
    .description(
      "Consume the queue's archive queue into Spillway's archive (each message acked only after it is stored).\n" +
        'Stops once the archive queue is empty, or runs until Ctrl-C with --follow. `spillway start` does this by itself.',
    )
    .requiredOption('--queue <name>', 'captured queue')
    .option('--vhost <vhost>', 'vhost', '/')
    .option('--cluster <name>', 'RabbitMQ cluster (default: the only one configured)')
    .option('--follow', 'keep consuming until interrupted')
    .action(async (flags: QueueFlags & { follow?: boolean }, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        const { archiveUntilEmpty } = await import('../../recovery/replay/rabbitmq/archive-run');
        const cluster = rabbitmqCluster(config, flags.cluster);
        const stored = await archiveUntilEmpty({
          cluster,
          vhost: flags.vhost,
          queue: flags.queue,
          store,
          follow: Boolean(flags.follow),
        });
        out.print(`stored ${stored} message(s) from ${flags.vhost}/${flags.queue}'s archive queue`, {
          stored,
        });
      });
    });

  replay
    .command('list')
    .summary('list archived messages')
    .description('List archived messages (oldest first), without bodies.')
    .option('--queue <name>', 'captured queue')
    .option('--vhost <vhost>', 'vhost')
    .option('--cluster <name>', 'cluster name')
    .option('--reason <reason>', 'expired | rejected | maxlen | delivery_limit')
    .option('--since <time>', 'captured at or after (ISO time or age: 30m, 2h, 7d)')
    .option('--until <time>', 'captured before')
    .option('--replayed <yes|no>', 'only replayed / never replayed messages')
    .option('--limit <n>', 'at most this many rows', parsePositiveInt, 100)
    .action(
      async (flags: Partial<QueueFlags> & Record<string, string | number | undefined>, cmd: Command) => {
        const out = output(cmd);
        await withStore(cmd, async (_config, store) => {
          if (flags.replayed !== undefined && flags.replayed !== 'yes' && flags.replayed !== 'no') {
            throw new UserError('--replayed: expected yes or no', 2);
          }
          const q: ArchiveQuery = {
            ...(flags.cluster ? { cluster: String(flags.cluster) } : {}),
            ...(flags.vhost ? { vhost: String(flags.vhost) } : {}),
            ...(flags.queue ? { queue: String(flags.queue) } : {}),
            ...(flags.reason ? { reason: String(flags.reason) } : {}),
            ...(flags.since ? { since: parseTime('--since', String(flags.since)) } : {}),
            ...(flags.until ? { until: parseTime('--until', String(flags.until)) } : {}),
            ...(flags.replayed ? { replayed: flags.replayed === 'yes' } : {}),
          };
          const total = store.archive.count(q);
          const rows = store.archive.list({ ...q, limit: Number(flags.limit) });
          const text = table(
            [
              'id',
              'captured',
              'queue',
              'reason',
              'exchange',
              'routing keys',
              'message id',
              'bytes',
              'replays',
            ],
            rows.map((r) => [
              r.id,
              new Date(r.capturedAt).toISOString(),
              `${r.vhost}/${r.queue}`,
              r.deathReason,
              r.exchange || '(default)',
              r.routingKeys.join(','),
              r.messageId,
              r.bodySize,
              r.replayCount,
            ]),
          );
          out.print(`${text}\n${rows.length} of ${total} message(s)`, { total, messages: rows });
        });
      },
    );
}
