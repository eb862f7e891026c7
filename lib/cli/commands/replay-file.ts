// `spillway replay file`: publish the rows of an NDJSON/CSV file once per id (ledger), as a job.
import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { kafkaCluster, rabbitmqCluster } from '../../recovery/replay/clusters';
import { ReplayError } from '../../recovery/replay/errors';
import type { FileTarget } from '../../recovery/replay/file/file-kind';
import type { FileReplayPreview } from '../../recovery/replay/file/file-plan';
import { output } from '../context';
import { parsePositiveInt } from '../parse';
import { printPreview, table, withStore } from './replay-common';
import { cliRunner } from './replay-run';

interface FileFlags {
  toRabbitmq?: string;
  routingKeyField?: string;
  vhost: string;
  toKafka?: string;
  keyField?: string;
  idField: string;
  cluster?: string;
  rate?: number;
  dryRun?: boolean;
  yes?: boolean;
}

function previewText(p: FileReplayPreview): string {
  const lines = [
    `${p.name} (${p.format}): ${p.count} row(s), ${p.invalidCount} invalid, ${p.duplicateIds} duplicate id(s), ` +
      `${p.alreadyPublished} already published to ${p.target}, ${p.toPublish} to publish`,
  ];
  if (p.first.length > 0) {
    lines.push(
      table(
        ['line', 'id', 'key', 'row'],
        p.first.map((r) => [r.line, r.id, r.key, JSON.stringify(r.record).slice(0, 80)]),
      ),
    );
  }
  for (const x of p.invalid) lines.push(`  invalid line ${x.line}: ${x.error}`);
  if (p.invalidCount > p.invalid.length)
    lines.push(`  … and ${p.invalidCount - p.invalid.length} more invalid row(s)`);
  return lines.join('\n');
}

export function registerFileReplay(replay: Command): void {
  replay
    .command('file')
    .summary('publish the rows of an NDJSON/CSV file once per id (ledger)')
    .description(
      'Publish the rows of an NDJSON (.ndjson/.jsonl) or CSV file (header row) — each row as a JSON message\n' +
        'with message id = --id-field — to a RabbitMQ exchange (--to-rabbitmq, routing key from\n' +
        '--routing-key-field, confirms + mandatory) or a Kafka topic (--to-kafka, key from --key-field, acks=-1).\n' +
        'A ledger of published ids per target makes a second run publish nothing already published. Shows a\n' +
        'preview (first rows, count, invalid rows with line numbers); --yes starts the job. Invalid rows refuse the run.',
    )
    .argument('<file>', 'data.ndjson | data.csv')
    .option('--to-rabbitmq <exchange>', 'target exchange')
    .option('--routing-key-field <field>', 'field holding the routing key (with --to-rabbitmq)')
    .option('--vhost <vhost>', 'vhost of the exchange', '/')
    .option('--to-kafka <topic>', 'target topic')
    .option('--key-field <field>', 'field holding the record key (with --to-kafka; default: no key)')
    .requiredOption('--id-field <field>', 'field holding the message id (the ledger key)')
    .option('--cluster <name>', 'target cluster (default: the only one of its kind)')
    .option('--rate <n>', 'messages per second (default: unlimited)', parsePositiveInt)
    .option('--dry-run', 'only show the preview')
    .option('--yes', 'start without asking')
    .action(async (file: string, flags: FileFlags, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        if (Boolean(flags.toRabbitmq) === Boolean(flags.toKafka)) {
          throw new ReplayError('give exactly one of --to-rabbitmq EXCHANGE or --to-kafka TOPIC');
        }
        let target: FileTarget;
        let cluster: import('../../config').ClusterConfig;
        if (flags.toRabbitmq) {
          if (!flags.routingKeyField) throw new ReplayError('--to-rabbitmq needs --routing-key-field');
          cluster = rabbitmqCluster(config, flags.cluster);
          target = {
            kind: 'rabbitmq',
            cluster: cluster.name,
            vhost: flags.vhost,
            exchange: flags.toRabbitmq,
            routingKeyField: flags.routingKeyField,
          };
        } else {
          cluster = kafkaCluster(config, flags.cluster);
          target = {
            kind: 'kafka',
            cluster: cluster.name,
            topic: flags.toKafka ?? '',
            keyField: flags.keyField ?? null,
          };
        }
        const { previewFileReplay, createFileReplay } = await import('../../recovery/replay/file/file-plan');
        const input = { file, idField: flags.idField, target, rate: flags.rate ?? null };
        if (flags.dryRun || !flags.yes) {
          const p = previewFileReplay(store, input);
          printPreview(out, previewText(p), p, Boolean(flags.dryRun));
          return;
        }
        const runner = await cliRunner(config, store);
        const { preview, job } = await createFileReplay(
          store,
          config.dataDir,
          cluster,
          input,
          cliActor(),
          'cli',
          runner.owner,
        );
        if (!job) {
          out.print(`${previewText(preview)}\nnothing to publish: every id is already in the ledger.`, {
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
          ...preview,
          job: { id: job.id, state: r.job.state, done: r.job.done, total: r.job.total },
          ...r.view,
        });
      });
    });
}
