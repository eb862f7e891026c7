import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { kafkaCluster } from '../../recovery/replay/clusters';
import type { ResetPlan, UndoPlan } from '../../recovery/replay/kafka/offsets-reset';
import { output } from '../context';
import type { CommandModule } from '../registry';
import { auditCli, table, withStore } from './replay-common';

interface ResetFlags {
  group: string;
  topic: string;
  to: string;
  cluster?: string;
  yes?: boolean;
}

interface UndoFlags {
  cluster?: string;
  yes?: boolean;
}

function resetText(plan: ResetPlan, applied: string | null): string {
  const rows = plan.partitions.map((p) => [
    p.partition,
    p.current,
    p.target,
    p.logStart,
    p.end,
    p.reconsume,
    p.skip,
  ]);
  const head = `${applied ? 'Reset' : 'Dry run: reset'} group ${plan.group} on ${plan.cluster}/${plan.topic} to ${plan.to} (group state ${plan.groupState})`;
  const tail = applied
    ? `Applied. Undo snapshot id: ${applied}  (spillway offsets undo ${applied})`
    : 'Nothing changed. Run again with --yes to apply.';
  return [
    head,
    table(['partition', 'current', 'target', 'log-start', 'end', 're-consume', 'skip'], rows),
    `total: ${plan.reconsume} message(s) re-consumed, ${plan.skip} skipped`,
    tail,
  ].join('\n');
}

function undoText(plan: UndoPlan, applied: boolean): string {
  const rows = plan.partitions.map((p) => [p.partition, p.current, p.restore]);
  const lines = [
    `${applied ? 'Undone' : 'Dry run: undo'} reset ${plan.id} of group ${plan.group} on ${plan.cluster}/${plan.topic} (was reset to ${plan.resetTo} at ${new Date(plan.resetAt).toISOString()})`,
    table(['partition', 'current', 'restore'], rows),
  ];
  if (plan.noCommitBefore.length > 0) {
    lines.push(
      `partitions ${plan.noCommitBefore.join(', ')} had no committed offset before the reset: they keep their current offset`,
    );
  }
  if (!applied && plan.undoneAt !== null)
    lines.push(`note: this snapshot was already undone at ${new Date(plan.undoneAt).toISOString()}`);
  lines.push(applied ? 'Applied.' : 'Nothing changed. Run again with --yes to apply.');
  return lines.join('\n');
}

export const offsetsCommand: CommandModule = {
  name: 'offsets',
  summary: 'reset a Kafka consumer group to a time or offset, with an undo snapshot',
  register(program) {
    const offsets = program
      .command('offsets')
      .summary(this.summary)
      .description(
        'Reset the committed offsets of a consumer group on one topic (dry run unless --yes), and undo a reset.\n' +
          'The group must have no active members. An applied reset stores an undo snapshot and prints its id.',
      );
    offsets
      .command('reset')
      .summary('reset a group on a topic to earliest, latest, a time or an offset')
      .description(
        'Show (and with --yes apply) per-partition current and target offsets and how many messages will be\n' +
          're-consumed or skipped. --to: earliest | latest | <ISO time> (first offset with timestamp >= time) | <offset>.',
      )
      .requiredOption('--group <id>', 'consumer group')
      .requiredOption('--topic <name>', 'topic')
      .requiredOption('--to <target>', 'earliest | latest | ISO time | offset')
      .option('--cluster <name>', 'Kafka or embedded cluster (default: the only one configured)')
      .option('--yes', 'apply (default: dry run)')
      .action(async (flags: ResetFlags, cmd: Command) => {
        const out = output(cmd);
        await withStore(cmd, async (config, store) => {
          const { parseResetTarget, planOffsetReset, applyOffsetReset } = await import(
            '../../recovery/replay/kafka/offsets-reset'
          );
          const to = parseResetTarget(flags.to);
          const cluster = kafkaCluster(config, flags.cluster);
          const opts = { cluster, group: flags.group, topic: flags.topic, to };
          if (!flags.yes) {
            const plan = await planOffsetReset(opts);
            out.print(resetText(plan, null), { dryRun: true, ...plan });
            return;
          }
          const target = `kafka:${cluster.name}/${flags.group}/${flags.topic}`;
          try {
            const { plan, snapshot } = await applyOffsetReset(opts, store, cliActor().name);
            auditCli(store, 'offsets.reset', target, { to: plan.to, snapshotId: snapshot.id });
            out.print(resetText(plan, snapshot.id), { dryRun: false, snapshotId: snapshot.id, ...plan });
          } catch (error) {
            auditCli(store, 'offsets.reset', target, { to: flags.to }, 'error', (error as Error).message);
            throw error;
          }
        });
      });
    offsets
      .command('undo')
      .summary('restore the offsets a reset replaced')
      .description(
        'Restore the offsets a reset replaced (dry run unless --yes). The group must have no active members.',
      )
      .argument('<id>', 'snapshot id printed by `offsets reset --yes`')
      .option('--cluster <name>', 'Kafka or embedded cluster (default: the only one configured)')
      .option('--yes', 'apply (default: dry run)')
      .action(async (id: string, flags: UndoFlags, cmd: Command) => {
        const out = output(cmd);
        await withStore(cmd, async (config, store) => {
          const { planOffsetUndo, applyOffsetUndo } = await import(
            '../../recovery/replay/kafka/offsets-reset'
          );
          const cluster = kafkaCluster(config, flags.cluster);
          if (!flags.yes) {
            const plan = await planOffsetUndo(store, cluster, id);
            out.print(undoText(plan, false), { dryRun: true, ...plan });
            return;
          }
          try {
            const plan = await applyOffsetUndo(store, cluster, id, cliActor().name);
            auditCli(store, 'offsets.undo', `kafka:${cluster.name}/${plan.group}/${plan.topic}`, {
              snapshotId: id,
            });
            out.print(undoText(plan, true), { dryRun: false, ...plan });
          } catch (error) {
            auditCli(
              store,
              'offsets.undo',
              `kafka:${cluster.name}`,
              { snapshotId: id },
              'error',
              (error as Error).message,
            );
            throw error;
          }
        });
      });
  },
};
