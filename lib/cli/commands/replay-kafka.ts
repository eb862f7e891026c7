// `spillway replay kafka`: copy an offset or time range of a topic to a target topic as a resumable job.
import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { kafkaCluster } from '../../recovery/replay/clusters';
import type { KafkaRangePreview } from '../../recovery/replay/kafka/range-plan';
import { output } from '../context';
import { parsePositiveInt } from '../parse';
import { table, withStore } from './replay-common';
import { cliRunner } from './replay-run';

interface KafkaFlags {
  topic: string;
  from: string;
  to: string;
  target: string;
  cluster?: string;
  rate?: number;
  dryRun?: boolean;
  yes?: boolean;
}

function previewText(p: KafkaRangePreview): string {
  return [
    `copy ${p.total} record(s) of ${p.cluster}/${p.topic} to ${p.target} (partition p → p, acks=-1)`,
    table(
      ['partition', 'from', 'to (excl.)', 'records'],
      p.partitions.map((x) => [x.partition, x.from, x.to, x.count]),
    ),
  ].join('\n');
}

export function registerKafkaReplay(replay: Command): void {
  replay
    .command('kafka')
    .summary('copy an offset or time range of a topic to another topic')
    .description(
      'Copy the records of --topic in [--from, --to) to --target (partition p to partition p; key, value,\n' +
        'headers and timestamp kept; provenance headers spillway-source-topic/-partition/-offset added; acks=-1)\n' +
        'as a resumable job. --from/--to: an offset (every partition) or an ISO time (first offset at or after\n' +
        'it). The target must exist with at least as many partitions. Shows the plan; --yes starts the job.',
    )
    .requiredOption('--topic <name>', 'source topic')
    .requiredOption('--from <time|offset>', 'first offset or time copied')
    .requiredOption('--to <time|offset>', 'first offset or time NOT copied')
    .requiredOption('--target <topic>', 'target topic')
    .option('--cluster <name>', 'Kafka or embedded cluster (default: the only one configured)')
    .option('--rate <n>', 'records per second (default: unlimited)', parsePositiveInt)
    .option('--dry-run', 'only show the plan')
    .option('--yes', 'start without asking')
    .action(async (flags: KafkaFlags, cmd: Command) => {
      const out = output(cmd);
      await withStore(cmd, async (config, store) => {
        const { parseRangeBound, previewKafkaRange, createKafkaRange } = await import(
          '../../recovery/replay/kafka/range-plan'
        );
        const input = {
          cluster: kafkaCluster(config, flags.cluster),
          topic: flags.topic,
          target: flags.target,
          from: parseRangeBound('--from', flags.from),
          to: parseRangeBound('--to', flags.to),
          rate: flags.rate ?? null,
        };
        if (flags.dryRun || !flags.yes) {
          const p = await previewKafkaRange(input);
          out.print(
            `${previewText(p)}\n${flags.dryRun ? 'Dry run: nothing copied.' : 'Run again with --yes to start.'}`,
            {
              dryRun: true,
              ...p,
            },
          );
          return;
        }
        const runner = await cliRunner(config, store);
        const { preview, job } = await createKafkaRange(store, input, cliActor(), 'cli', runner.owner);
        if (!job) {
          out.print('0 records in the range: nothing copied.', { dryRun: false, ...preview, job: null });
          return;
        }
        const r = await runner.run(job);
        out.print(`job ${job.id} ${r.job.state}: ${r.job.done}/${r.job.total} record(s) copied`, {
          dryRun: false,
          ...preview,
          job: { id: job.id, state: r.job.state, done: r.job.done, total: r.job.total },
        });
      });
    });
}
