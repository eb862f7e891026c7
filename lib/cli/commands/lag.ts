import type { Command } from 'commander';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import { parsePositiveInt } from '../parse';
import type { CommandModule } from '../registry';

interface LagFlags {
  cluster?: string;
  group?: string;
  queue?: string;
  interval: number;
  timeout: number;
}

export const lagCommand: CommandModule = {
  name: 'lag',
  summary: 'consumer lag and queue backlog of every cluster, sampled now',
  register(program) {
    program
      .command('lag')
      .summary(this.summary)
      .description(
        'Sample every configured cluster once and print each consumer group (Kafka, embedded broker) and\n' +
          'queue (RabbitMQ): backlog in messages and seconds, time to drain, status. When a group has a\n' +
          'backlog, a second sample follows --interval ms later to measure rates. With --json, prints\n' +
          '{"kafka":[...],"rabbitmq":[...]} (null where a value is unknown). Exit code 1 when a cluster\n' +
          'could not be sampled (the others are still printed).',
      )
      .option('--cluster <name>', 'only this cluster')
      .option('--group <id>', 'only this Kafka consumer group (and no queues, unless --queue)')
      .option(
        '--queue <name>',
        'only this RabbitMQ queue, NAME or VHOST/NAME (and no groups, unless --group)',
      )
      .option('--interval <ms>', 'pause between the two samples that measure rates', parsePositiveInt, 2000)
      .option('--timeout <ms>', 'time allowed to each cluster per sample', parsePositiveInt, 10_000)
      .action(async (flags: LagFlags, cmd: Command) => {
        const { config } = loadCliConfig(cmd);
        if (flags.cluster && !config.clusters.some((c) => c.name === flags.cluster)) {
          const known = config.clusters.map((c) => c.name).join(', ');
          throw new UserError(`unknown cluster "${flags.cluster}" (configured: ${known})`, 2);
        }
        // Loaded on use so that `spillway --help` stays instant.
        const [{ sampleLag }, { formatReport }] = await Promise.all([
          import('../../lag/sampler/oneshot'),
          import('../../lag/sampler/table'),
        ]);
        const result = await sampleLag({
          config,
          ...(flags.cluster ? { cluster: flags.cluster } : {}),
          ...(flags.group !== undefined ? { group: flags.group } : {}),
          ...(flags.queue !== undefined ? { queue: flags.queue } : {}),
          rateIntervalMs: flags.interval,
          timeoutMs: flags.timeout,
        });
        const details = flags.group !== undefined;
        output(cmd).print(formatReport(result.views, details), result.report);
        if (result.failures.length > 0) {
          throw new UserError(
            result.failures.map((f) => `cluster ${f.cluster} not sampled: ${f.error}`).join('; '),
          );
        }
      });
  },
};
