/**
 * fsync policies and the shared sync scheduler.
 *
 * Design: every segment file is a `SyncFile`. After a partition's writer finishes a write it asks the
 * scheduler for "durable up to byte N of this file". Each file has at most one fdatasync in flight; requests
 * that arrive while it runs are covered by the next one (group commit per file: one fsync can acknowledge
 * many appends of one partition). Files of different partitions sync concurrently, but the log manager
 * keeps at most `concurrency` fdatasyncs in flight (default 8). They run on the libuv thread pool (4
 * threads unless UV_THREADPOOL_SIZE says otherwise), which also serves every fs.write and fs.read: a cap
 * keeps thousands of dirty partitions from queueing ahead of the writes and reads, while enough parallel
 * fsyncs let ext4/xfs merge them into shared journal commits. A file whose fsync finishes with new waiters
 * goes to the back of a FIFO, so partitions are served round-robin.
 *
 * Policies: `group` (default) acknowledges after such an fsync; `always` writes and fsyncs each append on
 * its own (no coalescing); `interval:<ms>` acknowledges after the write and fsyncs dirty files every ms;
 * `never` leaves flushing to the OS. Under every policy a segment is fsynced before the next one starts.
 */
import { KafkaProtocolError } from '../errors';
import { fdatasync } from './fs-util';
import type { FsyncPolicy } from './types';

export const DEFAULT_FSYNC_POLICY: FsyncPolicy = { kind: 'group' };

/** Parses 'group' | 'always' | 'never' | 'interval:<ms>'. */
export function parseFsyncPolicy(value: string | FsyncPolicy): FsyncPolicy {
  if (typeof value !== 'string') return value;
  if (value === 'group' || value === 'always' || value === 'never') return { kind: value };
  const m = /^interval:(\d+)$/.exec(value);
  if (m !== null && Number(m[1]) > 0) return { kind: 'interval', ms: Number(m[1]) };
  throw new KafkaProtocolError(
    'INVALID_CONFIG',
    `invalid fsync policy '${value}' (group, always, never, interval:<ms>)`,
  );
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** The sync state of one open file. */
export class SyncFile {
  synced = 0;
  requested = 0;
  inflight = false;
  queued = false;
  failed: Error | null = null;
  readonly waiters: Waiter[] = [];

  constructor(
    readonly fd: number,
    initialSize: number,
  ) {
    this.synced = initialSize;
    this.requested = initialSize;
  }
}

export class SyncScheduler {
  private readonly queue: SyncFile[] = [];
  private active = 0;
  /** Number of fdatasync calls issued (for tests and the bench). */
  syncCount = 0;

  constructor(private readonly concurrency: number) {}

  /** Resolves once an fdatasync that started after bytes [0, upTo) were written has completed. */
  request(file: SyncFile, upTo: number): Promise<void> {
    if (file.failed !== null) return Promise.reject(file.failed);
    if (upTo <= file.synced) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      file.waiters.push({ upTo, resolve, reject });
      if (upTo > file.requested) file.requested = upTo;
      this.enqueue(file);
    });
  }

  /** Schedules a sync without waiting for it (interval policy); errors surface on the next request. */
  kick(file: SyncFile, upTo: number): void {
    if (file.failed !== null || upTo <= file.synced) return;
    if (upTo > file.requested) file.requested = upTo;
    this.enqueue(file);
  }

  private enqueue(file: SyncFile): void {
    if (file.inflight || file.queued) return;
    file.queued = true;
    this.queue.push(file);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      const file = this.queue.shift() as SyncFile;
      file.queued = false;
      file.inflight = true;
      this.active++;
      const target = file.requested;
      this.syncCount++;
      fdatasync(file.fd).then(
        () => this.done(file, target, null),
        (err: Error) => this.done(file, target, err),
      );
    }
  }

  private done(file: SyncFile, target: number, err: Error | null): void {
    file.inflight = false;
    this.active--;
    if (err !== null) {
      file.failed = err;
      for (const w of file.waiters.splice(0)) w.reject(err);
    } else {
      if (target > file.synced) file.synced = target;
      let n = 0;
      while (n < file.waiters.length && (file.waiters[n] as Waiter).upTo <= file.synced) n++;
      for (const w of file.waiters.splice(0, n)) w.resolve();
      if (file.requested > file.synced) this.enqueue(file);
    }
    this.pump();
  }
}
