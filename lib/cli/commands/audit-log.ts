import type { Command } from 'commander';
import { auditLogQuery } from '../../api/security';
import { openStore } from '../../store';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import type { CommandModule } from '../registry';

interface Flags {
  actor?: string;
  action?: string;
  target?: string;
  result?: string;
  since?: string;
  until?: string;
  limit?: string;
}

/** An ISO date, epoch milliseconds, or a duration back from now (`30m`, `24h`, `7d`). */
export function parseWhen(value: string, now = Date.now()): number {
  const d = /^(\d+)(s|m|h|d)$/.exec(value);
  if (d) return now - Number(d[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 's'];
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UserError(`"${value}" is not a time (ISO date, epoch ms, or 30m/24h/7d)`, 2);
  return t;
}

export const auditLogCommand: CommandModule = {
  name: 'audit-log',
  summary: 'who did what: sign-ins, mutations and refusals (the security audit log)',
  register(program) {
    program
      .command('audit-log')
      .summary(this.summary)
      .description('Prints the audit log, newest first. With --json: one JSON array of entries.')
      .option('--actor <name>', 'only this actor (user, token:<name>, cli:<user>, anonymous)')
      .option('--action <action>', 'exact action, or a prefix ending in "." (e.g. drain.)')
      .option('--target <target>', 'only this target')
      .option('--result <result>', 'ok | error | denied')
      .option('--since <when>', 'from this time (ISO, epoch ms, or 30m/24h/7d ago)')
      .option('--until <when>', 'before this time')
      .option('--limit <n>', 'at most this many entries (1-1000, default 200)')
      .action((flags: Flags, cmd: Command) => {
        const parsed = auditLogQuery.safeParse({
          ...(flags.actor ? { actor: flags.actor } : {}),
          ...(flags.action ? { action: flags.action } : {}),
          ...(flags.target ? { target: flags.target } : {}),
          ...(flags.result ? { result: flags.result } : {}),
          ...(flags.since ? { since: parseWhen(flags.since) } : {}),
          ...(flags.until ? { until: parseWhen(flags.until) } : {}),
          ...(flags.limit ? { limit: flags.limit } : {}),
        });
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          throw new UserError(`--${String(i?.path[0] ?? 'option')}: ${i?.message ?? 'invalid'}`, 2);
        }
        const store = openStore(loadCliConfig(cmd).config.dataDir);
        try {
          const entries = store.auditLog.list(parsed.data);
          const out = output(cmd);
          const text = entries
            .map(
              (e) =>
                `${new Date(e.at).toISOString()} ${e.result.padEnd(6)} ${e.actor}${e.role ? ` (${e.role})` : ''} ${e.action} ${e.target}` +
                (Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '') +
                (e.detail ? ` — ${e.detail}` : ''),
            )
            .join('\n');
          out.print(text || '(no entries)', entries);
        } finally {
          store.close();
        }
      });
  },
};
