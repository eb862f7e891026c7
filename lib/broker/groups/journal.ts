import { type FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeFile, encodeRecord, FILE_HEADER, type StoreRecord } from './records';
import type { StateTable } from './state-table';

export const JOURNAL_FILE = 'offsets.journal';
export const SNAPSHOT_FILE = 'offsets.snapshot';

export interface JournalOptions {
  readonly compactThresholdBytes: number;
  readonly onWarning?: (message: string) => void;
}

export interface JournalStats {
  readonly journalBytes: number;
  readonly flushes: number;
  readonly compactions: number;
}

interface Pending {
  readonly bytes: Buffer;
  readonly records: readonly StoreRecord[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

async function writeAll(fh: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Makes a rename or file creation durable; not supported everywhere (e.g. Windows), where it is skipped. */
async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close();
  }
}

/**
 * The durable side of the store: a snapshot file plus an append-only journal in one directory.
 * Appends are group-committed: everything queued while a write+fdatasync is in flight goes out in the
 * next single write+fdatasync, and each append resolves only once its bytes are synced (records are
 * applied to the table at that moment, in order). When the journal outgrows the threshold, the table
 * is written to `offsets.snapshot.tmp`, synced and renamed over the snapshot, and the journal is cut
 * back to its header. A crash between rename and cut only replays records the snapshot already holds.
 */
export class Journal {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private compactWaiters: Pending[] = [];
  private closed = false;
  private flushes = 0;
  private compactions = 0;

  private constructor(
    private readonly dir: string,
    private readonly fh: FileHandle,
    private size: number,
    private snapshotSize: number,
    private readonly table: StateTable,
    private readonly options: JournalOptions,
  ) {}

  /** Loads snapshot then journal into the table, cutting a torn journal tail. */
  static async open(dir: string, table: StateTable, options: JournalOptions): Promise<Journal> {
    await mkdir(dir, { recursive: true });
    const snapshotPath = join(dir, SNAPSHOT_FILE);
    await rm(`${snapshotPath}.tmp`, { force: true });
    const snapshot = await readIfExists(snapshotPath);
    let snapshotSize = 0;
    if (snapshot) {
      const decoded = decodeFile(snapshot);
      if (decoded.truncated)
        options.onWarning?.(`group store: snapshot ${snapshotPath} has a corrupt tail, ignored`);
      for (const r of decoded.records) table.apply(r);
      snapshotSize = snapshot.length;
    }
    const journalPath = join(dir, JOURNAL_FILE);
    const existing = await readIfExists(journalPath);
    const decoded = existing ? decodeFile(existing) : null;
    for (const r of decoded?.records ?? []) table.apply(r);
    let fh: FileHandle;
    let size: number;
    if (!decoded || decoded.validLength === 0) {
      fh = await open(journalPath, 'w+');
      await writeAll(fh, FILE_HEADER, 0);
      await fh.sync();
      await syncDir(dir);
      size = FILE_HEADER.length;
    } else {
      fh = await open(journalPath, 'r+');
      size = decoded.validLength;
      if (decoded.truncated) {
        options.onWarning?.(
          `group store: dropped a torn tail of ${(existing?.length ?? 0) - size} bytes from ${journalPath}`,
        );
        await fh.truncate(size);
        await fh.sync();
      }
    }
    return new Journal(dir, fh, size, snapshotSize, table, options);
  }

  /** Resolves once the records are synced to disk and applied to the table. */
  append(records: readonly StoreRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('group store is closed'));
    const bytes = Buffer.concat(records.map(encodeRecord));
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, records, resolve, reject });
      this.kick();
    });
  }

  /** Writes a snapshot of the table and empties the journal. */
  compact(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('group store is closed'));
    return new Promise((resolve, reject) => {
      this.compactWaiters.push({ bytes: FILE_HEADER, records: [], resolve, reject });
      this.kick();
    });
  }

  /** Flushes pending appends, compacts a non-empty journal, and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.size > FILE_HEADER.length) this.compact().catch(() => undefined);
    this.closed = true;
    while (this.running) await this.running;
    await this.fh.close();
  }

  /** Journal size (header included), write+fdatasync batches and compactions since open. */
  stats(): JournalStats {
    return { journalBytes: this.size, flushes: this.flushes, compactions: this.compactions };
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.queue.length > 0 || this.compactWaiters.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.compactWaiters.length > 0) {
      if (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch);
        const { compactThresholdBytes } = this.options;
        if (
          this.size > compactThresholdBytes &&
          this.size > this.snapshotSize &&
          this.compactWaiters.length === 0
        ) {
          this.compactWaiters.push({
            bytes: FILE_HEADER,
            records: [],
            resolve: () => undefined,
            reject: () => undefined,
          });
        }
      } else {
        const waiters = this.compactWaiters;
        this.compactWaiters = [];
        try {
          await this.writeSnapshot();
          for (const w of waiters) w.resolve();
        } catch (err) {
          this.options.onWarning?.(`group store: compaction failed: ${String(err)}`);
          for (const w of waiters) w.reject(err);
        }
      }
    }
  }

  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    const bytes = Buffer.concat(batch.map((p) => p.bytes));
    const before = this.size;
    try {
      await writeAll(this.fh, bytes, before);
      await this.fh.datasync();
    } catch (err) {
      // Cut a partial write so later appends do not land behind garbage.
      await this.fh.truncate(before).catch(() => undefined);
      for (const p of batch) p.reject(err);
      return;
    }
    this.size = before + bytes.length;
    this.flushes += 1;
    for (const p of batch) for (const r of p.records) this.table.apply(r);
    for (const p of batch) p.resolve();
  }

  private async writeSnapshot(): Promise<void> {
    const bytes = Buffer.concat([FILE_HEADER, ...this.table.snapshot().map(encodeRecord)]);
    const path = join(this.dir, SNAPSHOT_FILE);
    const tmp = await open(`${path}.tmp`, 'w');
    try {
      await writeAll(tmp, bytes, 0);
      await tmp.sync();
    } finally {
      await tmp.close();
    }
    await rename(`${path}.tmp`, path);
    await syncDir(this.dir);
    await this.fh.truncate(FILE_HEADER.length);
    await this.fh.sync();
    this.size = FILE_HEADER.length;
    this.snapshotSize = bytes.length;
    this.compactions += 1;
  }
}
