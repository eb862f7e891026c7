// The history job: 1-minute rollups of group and queue rows, then retention of raw rows and rollups.
// It works a chunk of series per transaction and yields to the event loop between chunks, so sampling and
// API requests are never held up by one long statement. Rollups are idempotent (INSERT OR REPLACE) and
// the last two minutes are redone on every run, so rows of a round that finished late are not lost.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LagRepositories } from '../../store/lag';
import { RAW_TABLES, ROLLUP_TABLES } from '../../store/lag';
import type { SamplerSettings } from './options';

const MINUTE = 60_000;
const WATERMARK = 'rollup_watermark';

export interface MaintenanceResult {
  rolledUpTo: number;
  deleted: number;
}

export class HistoryMaintenance {
  private running: Promise<MaintenanceResult> | null = null;

  constructor(
    private readonly lag: LagRepositories,
    private readonly settings: Pick<
      SamplerSettings,
      'rawRetentionMs' | 'rollupRetentionMs' | 'maintenanceChunk'
    >,
  ) {}

  /** One run; concurrent calls share it. */
  run(now = Date.now()): Promise<MaintenanceResult> {
    this.running ??= this.doRun(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doRun(now: number): Promise<MaintenanceResult> {
    const { history, retention } = this.lag;
    const chunk = this.settings.maintenanceChunk;
    const to = Math.floor(now / MINUTE) * MINUTE;
    const watermark = history.meta(WATERMARK);
    const from = Math.min(watermark ?? now - this.settings.rawRetentionMs, to) - 2 * MINUTE;
    const fromAligned = Math.floor(from / MINUTE) * MINUTE;
    for (const kind of ['group', 'queue'] as const) {
      let after: number | null = 0;
      while (after !== null) {
        after = retention.rollupChunk(kind, fromAligned, to, after, chunk);
        await yieldToLoop();
      }
    }
    history.setMeta(WATERMARK, to);
    // Raw rows go once they are older than the retention and rolled up.
    const rawBefore = Math.min(now - this.settings.rawRetentionMs, to - 2 * MINUTE);
    const rollupBefore = now - this.settings.rollupRetentionMs;
    let deleted = 0;
    for (const table of [...RAW_TABLES, ...ROLLUP_TABLES]) {
      const before = RAW_TABLES.includes(table) ? rawBefore : rollupBefore;
      let after: number | null = 0;
      while (after !== null) {
        const r = retention.pruneChunk(table, before, after, chunk);
        deleted += r.deleted;
        after = r.lastId;
        await yieldToLoop();
      }
    }
    return { rolledUpTo: to, deleted };
  }
}
