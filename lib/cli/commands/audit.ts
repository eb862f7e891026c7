import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { AUDIT_DEFAULTS } from '../../audit/defaults';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import type { CommandModule } from '../registry';

interface AuditFlags {
  cluster?: string;
  observeMs: number;
}

function parseObserveMs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > AUDIT_DEFAULTS.maxObserveMs) {
    throw new InvalidArgumentError(`expected milliseconds, 0-${AUDIT_DEFAULTS.maxObserveMs}`);
  }
  return n;
}

export const auditCommand: CommandModule = {
  name: 'audit',
  summary: 'check every topic and queue against the message-loss checklist',
  register(program) {
    program
      .command('audit')
      .summary(this.summary)
      .description(
        'Check every topic and queue of the configured clusters against the message-loss checklist\n' +
          '(replication factor, min.insync.replicas, unclean leader election, durable and replicated queues,\n' +
          'dead-letter exchanges for TTL and length limits, consumers on growing queues) and print each finding\n' +
          'with its severity and a concrete fix. Findings are not errors: the exit code is 0 unless a cluster\n' +
          'could not be audited (1).',
      )
      .option('--cluster <names>', 'only these clusters (comma-separated)')
      .option(
        '--observe-ms <ms>',
        'interval between the two looks at queues without consumers (0: skip the growth check)',
        parseObserveMs,
        AUDIT_DEFAULTS.observeMs,
      )
      .action(async (flags: AuditFlags, cmd: Command) => {
        const { config } = loadCliConfig(cmd);
        const names = flags.cluster?.split(',').map((s) => s.trim());
        const unknown = names?.filter((n) => !config.clusters.some((c) => c.name === n)) ?? [];
        if (unknown.length > 0) throw new UserError(`unknown cluster(s): ${unknown.join(', ')}`, 2);
        const clusters = names ? config.clusters.filter((c) => names.includes(c.name)) : config.clusters;
        // Loaded on use so that `spillway --help` stays instant.
        const [{ runAudit }, { createSource }, { formatAudit }] = await Promise.all([
          import('../../audit/run'),
          import('../../sources'),
          import('../../audit/format'),
        ]);
        const report = await runAudit(clusters, {
          createSource: (c) => createSource(c),
          observeMs: flags.observeMs,
        });
        output(cmd).print(formatAudit(report), report);
        const failed = report.summary.clusters.filter((c) => !c.reachable);
        if (failed.length > 0) {
          throw new UserError(failed.map((c) => `cluster ${c.cluster} not audited: ${c.error}`).join('; '));
        }
      });
  },
};
