/**
 * The write side of one partition: a FIFO of byte ranges already placed in segments (offsets and positions
 * are assigned synchronously by the append), written by a single loop that coalesces everything queued for
 * the same segment into one positional writev on the kept-open fd, then made durable per fsync policy.
 *
 * The loop starts in a microtask, so every append made while handling one socket read (all its pipelined
 * Produce frames) lands in one write. A coalesced write of at most SYNC_WRITE_MAX_BYTES only reaches the page
 * cache and is done synchronously (cheaper than a thread-pool round trip; Kafka's request threads write the
 * same way); larger writes and `fsync always` use the pool. Either way an append settles (and the high
 * watermark moves) only once its bytes are durable under the policy: after the fdatasync for group/always.
 *
 * Before the first write to a new segment, the previous one is fdatasync'ed and its indexes saved, so only
 * the last segment of a partition can ever hold a torn tail (see recovery.ts). Any I/O error takes the
 * partition offline: every pending append is rejected and no further write is attempted.
 */
import { writeProducerSnapshot } from './checkpoint';
import { fsyncDir, openFd, writevAt, writevAtSync } from './fs-util';
import { SyncFile, type SyncScheduler } from './fsync';
import type { Segment } from './segment';
import type { AppendResult, FsyncPolicy } from './types';

export const MAX_IOV_PER_WRITE = 1024;
/** Coalesced writes up to this size are written synchronously (page cache); larger ones on the thread pool. */
export const SYNC_WRITE_MAX_BYTES = 1024 * 1024;

export interface PendingWrite {
  segment: Segment;
  position: number;
  end: number;
  bufs: Buffer[];
  lastOffset: number;
  /** Set on the last write of an append: settles its promise. */
  done?: { result: AppendResult; resolve: (r: AppendResult) => void; reject: (e: Error) => void };
}

export interface WriterHooks {
  /** `writes` (in order, all in `segment`) are durable under the policy. */
  durable(segment: Segment, writes: PendingWrite[]): void;
  /** An I/O error: returns the error to reject pending appends with. */
  failed(err: unknown): Error;
}

export class PartitionWriter {
  private readonly queue: PendingWrite[] = [];
  private readonly unsettled = new Set<PendingWrite>();
  private readonly rollSnapshots = new Map<Segment, string>();
  private writing = false;
  private scheduled = false;
  private failure: Error | null = null;
  private idle: (() => void) | null = null;
  /** The segment the loop writes to, and the end of its completed writes. */
  segment: Segment | null;
  writtenEnd: number;

  constructor(
    private readonly dir: string,
    private readonly scheduler: SyncScheduler,
    private readonly policy: FsyncPolicy,
    active: Segment,
    private readonly hooks: WriterHooks,
  ) {
    this.segment = active;
    this.writtenEnd = active.size;
    if (active.fd !== null) active.sync = new SyncFile(active.fd, active.size);
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Remembers the producer-state snapshot to save when `segment` (just rolled) is first written. */
  rolled(segment: Segment, snapshot: string): void {
    this.rollSnapshots.set(segment, snapshot);
  }

  submit(writes: PendingWrite[]): void {
    for (const w of writes) {
      this.queue.push(w);
      this.unsettled.add(w);
    }
    // One write for every append of the current task (all the frames of one socket read).
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0 && this.failure === null) {
        const first = this.queue[0] as PendingWrite;
        const seg = first.segment;
        if (seg !== this.segment) await this.switchTo(seg);
        let n = 1;
        if (this.policy.kind !== 'always') {
          while (
            n < this.queue.length &&
            n < MAX_IOV_PER_WRITE &&
            (this.queue[n] as PendingWrite).segment === seg
          )
            n++;
        }
        const writes = this.queue.splice(0, n);
        const bufs = writes.length === 1 ? first.bufs : writes.flatMap((w) => w.bufs);
        const end = (writes[writes.length - 1] as PendingWrite).end;
        if (this.policy.kind !== 'always' && end - first.position <= SYNC_WRITE_MAX_BYTES)
          writevAtSync(seg.fd as number, bufs, first.position);
        else await writevAt(seg.fd as number, bufs, first.position);
        // Written: the request buffers are not needed while the fsync runs (keeps them out of the old space).
        for (const w of writes) w.bufs = [];
        this.writtenEnd = end;
        const durable = this.makeDurable(seg, writes, end);
        if (this.policy.kind === 'always') await durable;
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.writing = false;
      this.checkIdle();
    }
  }

  private makeDurable(seg: Segment, writes: PendingWrite[], end: number): Promise<void> {
    if (this.policy.kind === 'interval' || this.policy.kind === 'never') {
      this.settle(seg, writes);
      return Promise.resolve();
    }
    return this.scheduler.request(seg.sync as SyncFile, end).then(
      () => this.settle(seg, writes),
      (err: unknown) => this.fail(err),
    );
  }

  private settle(seg: Segment, writes: PendingWrite[]): void {
    for (const w of writes) this.unsettled.delete(w);
    this.hooks.durable(seg, writes);
    this.checkIdle();
  }

  private async switchTo(seg: Segment): Promise<void> {
    const prev = this.segment;
    if (prev !== null && !prev.isDeleted && prev.sync !== null) {
      await prev.use(async () => {
        await this.scheduler.request(prev.sync as SyncFile, prev.size);
        await prev.persistIndexes();
      });
    }
    seg.fd = await openFd(seg.logPath, 'w+');
    seg.sync = new SyncFile(seg.fd, 0);
    await fsyncDir(this.dir);
    const snapshot = this.rollSnapshots.get(seg);
    this.rollSnapshots.delete(seg);
    if (snapshot !== undefined) await writeProducerSnapshot(this.dir, snapshot);
    this.segment = seg;
    this.writtenEnd = 0;
  }

  private fail(err: unknown): void {
    if (this.failure === null) this.failure = this.hooks.failed(err);
    this.queue.length = 0;
    for (const w of this.unsettled) w.done?.reject(this.failure);
    this.unsettled.clear();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idle !== null && this.unsettled.size === 0 && !this.writing) {
      const idle = this.idle;
      this.idle = null;
      idle();
    }
  }

  /** Resolves once every submitted write is settled (durable or failed). */
  whenIdle(): Promise<void> {
    if (this.unsettled.size === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  /** Schedules an fdatasync of written data without waiting (interval policy). */
  flushSoon(): void {
    const seg = this.segment;
    if (seg?.sync && !seg.isDeleted && this.failure === null) this.scheduler.kick(seg.sync, this.writtenEnd);
  }

  /** fsyncs the current segment and saves its indexes (clean close). */
  async flush(): Promise<void> {
    const seg = this.segment;
    if (this.failure !== null || seg === null || seg.sync === null || seg.isDeleted) return;
    await this.scheduler.request(seg.sync, seg.size);
    await seg.persistIndexes();
  }
}
