import { Journal, type JournalStats } from './journal';
import type { StoreRecord } from './records';
import { StateTable } from './state-table';

export interface GroupStoreOptions {
  /** Directory owned by the store; null keeps everything in memory (tests, `memory://`). */
  readonly dir: string | null;
  readonly compactThresholdBytes: number;
  readonly onWarning?: (message: string) => void;
}

/**
 * Committed offsets and group metadata: an in-memory table, made durable by a journal when a directory
 * is given. Reads go to the table; writes resolve once durable and applied.
 */
export class GroupStore {
  readonly table: StateTable;
  private closed = false;

  private constructor(
    table: StateTable,
    private readonly journal: Journal | null,
  ) {
    this.table = table;
  }

  static async open(options: GroupStoreOptions): Promise<GroupStore> {
    const table = new StateTable();
    if (options.dir === null) return new GroupStore(table, null);
    const journal = await Journal.open(options.dir, table, options);
    return new GroupStore(table, journal);
  }

  get durable(): boolean {
    return this.journal !== null;
  }

  async append(records: readonly StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.journal) return this.journal.append(records);
    if (this.closed) throw new Error('group store is closed');
    for (const r of records) this.table.apply(r);
  }

  /** Null for an in-memory store. */
  stats(): JournalStats | null {
    return this.journal?.stats() ?? null;
  }

  async compact(): Promise<void> {
    await this.journal?.compact();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.journal?.close();
  }
}
