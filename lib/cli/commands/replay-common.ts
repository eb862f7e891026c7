// Shared by `spillway replay` and `spillway offsets`: errors to one-line UserErrors, the store, tables.
import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import type { Config } from '../../config';
import { JobError } from '../../recovery/jobs/types';
import { ReplayError } from '../../recovery/replay/errors';
import { SourceError } from '../../sources';
import { openStore, type Store } from '../../store';
import { loadCliConfig, type Output } from '../context';
import { UserError } from '../errors';

/** Runs a command body with the config and the store; replay and source errors become one-line UserErrors. */
export async function withStore<T>(
  cmd: Command,
  fn: (config: Config, store: Store) => Promise<T>,
): Promise<T> {
  const { config } = loadCliConfig(cmd);
  const store = openStore(config.dataDir);
  try {
    return await fn(config, store);
  } catch (error) {
    if (error instanceof ReplayError) throw new UserError(error.message, error.kind === 'bad-input' ? 2 : 1);
    if (error instanceof SourceError || error instanceof JobError) throw new UserError(error.message);
    throw error;
  } finally {
    store.close();
  }
}

/** Records an audit entry for CLI-started work. */
export function auditCli(
  store: Store,
  action: string,
  target: string,
  params: Record<string, unknown>,
  result: 'ok' | 'error' = 'ok',
  detail?: string,
): void {
  const actor = cliActor();
  store.auditLog.append({
    actor: actor.name,
    role: actor.role,
    action,
    target,
    params,
    result,
    detail: detail ?? null,
  });
}

/** A plain left-aligned text table. */
export function table(header: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Prints a replay preview that is not started: a dry run, or a run waiting for --yes. */
export function printPreview(out: Output, text: string, preview: object, dryRun: boolean): void {
  out.print(`${text}\n${dryRun ? 'Dry run: nothing published.' : 'Run again with --yes to start.'}`, {
    dryRun: true,
    ...preview,
  });
}
