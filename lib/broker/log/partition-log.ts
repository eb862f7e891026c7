/**
 * The file-backed log of one partition.
 *
 * Append is synchronous up to the write: validation, idempotence checks, offset assignment, segment roll
 * decisions and index updates all happen in the calling tick, so concurrent appends are ordered by call
 * order without locks. The bytes then go to a per-partition writer that coalesces queued batches into one
 * positional writev on the kept-open fd, and durability follows the fsync policy (see fsync.ts). The high
 * watermark only moves over durable data (group/always) or written data (interval/never), so a consumer
 * never sees a record that a crash could take back under the durable policies.
 */
import { KafkaProtocolError } from '../errors';
import { assignBaseOffset, setMaxTimestamp } from './batch';
import { encodeProducerSnapshot, writeLogStartOffset, writeProducerSnapshot } from './checkpoint';
import { fsyncDir, openFd, writevAt } from './fs-util';
import { SyncFile, type SyncScheduler } from './fsync';
import {
  EMPTY,
  findMaxTimestamp,
  findOffsetForTimestamp,
  readSegments,
  type SegmentView,
} from './partition-read';
import type { BatchMeta, ProducerStateTable } from './producer-state';
import { recoverPartition } from './recovery';
import { SEGMENT_DELETED, Segment } from './segment';
import { TailCache } from './tail-cache';
import type {
  AppendOptions,
  AppendResult,
  FsyncPolicy,
  PartitionLog,
  ReadOptions,
  ReadResult,
  TimestampOffset,
  TopicSettings,
} from './types';
import { validateProduceRecords } from './validate';
import { DataWaiters } from './waiters';

/** What a partition borrows from its log manager. */
export interface PartitionContext {
  readonly scheduler: SyncScheduler;
  readonly policy: FsyncPolicy;
  readonly clock: () => number;
  readonly tailCacheBytes: number;
  readonly leaderEpoch: number;
  readonly settings: () => TopicSettings;
  readonly warn: (message: string) => void;
}

interface PendingWrite {
  segment: Segment;
  position: number;
  end: number;
  bufs: Buffer[];
  lastOffset: number;
  /** Set on the last write of an append: settles its promise. */
  done?: { result: AppendResult; resolve: (r: AppendResult) => void; reject: (e: Error) => void };
}

const MAX_RELATIVE_OFFSET = 0xffffffff;
const MAX_IOV_PER_WRITE = 1024;

export class FilePartitionLog implements PartitionLog {
  private segments: Segment[];
  private logStart: number;
  private nextOffset: number;
  private hwm: number;
  private hwmSegment: Segment;
  private hwmPos: number;
  private readonly cache: TailCache;
  private readonly queue: PendingWrite[] = [];
  private readonly unsettled = new Set<PendingWrite>();
  private writing = false;
  private writeSegment: Segment | null;
  private writtenEnd: number;
  private failure: KafkaProtocolError | null = null;
  private closed = false;
  private readonly waiters = new DataWaiters();
  private idle: (() => void) | null = null;
  private maintenance: Promise<unknown> = Promise.resolve();
  /** Producer snapshot to write when the segment rolled at `offset` is first written. */
  private readonly rollSnapshots = new Map<Segment, string>();

  private constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly dir: string,
    private readonly ctx: PartitionContext,
    segments: Segment[],
    logStart: number,
    private readonly producers: ProducerStateTable,
  ) {
    this.segments = segments;
    const active = segments[segments.length - 1] as Segment;
    this.logStart = logStart;
    this.nextOffset = active.nextOffset;
    this.hwm = active.nextOffset;
    this.hwmSegment = active;
    this.hwmPos = active.size;
    this.writeSegment = active;
    this.writtenEnd = active.size;
    if (active.fd !== null) active.sync = new SyncFile(active.fd, active.size);
    this.cache = new TailCache(ctx.tailCacheBytes);
  }

  static async open(
    topic: string,
    partition: number,
    dir: string,
    ctx: PartitionContext,
  ): Promise<FilePartitionLog> {
    const recovered = await recoverPartition(dir, ctx.settings().indexIntervalBytes, ctx.clock());
    for (const note of recovered.notes) ctx.warn(`${topic}-${partition}: ${note}`);
    return new FilePartitionLog(
      topic,
      partition,
      dir,
      ctx,
      recovered.segments,
      recovered.logStartOffset,
      recovered.producers,
    );
  }

  get logStartOffset(): number {
    return this.logStart;
  }
  get highWatermark(): number {
    return this.hwm;
  }
  get logEndOffset(): number {
    return this.nextOffset;
  }
  get sizeInBytes(): number {
    let total = 0;
    for (const seg of this.segments) total += seg.size;
    return total;
  }
  /** Number of segments (for tests and monitoring). */
  get segmentCount(): number {
    return this.segments.length;
  }

  private context() {
    return { topic: this.topic, partition: this.partition };
  }

  private checkWritable(): void {
    if (this.failure !== null) throw this.failure;
    this.checkOpen();
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new KafkaProtocolError('NOT_LEADER_OR_FOLLOWER', 'the partition log is closed', this.context());
    }
  }

  append(records: Buffer, options: AppendOptions = {}): Promise<AppendResult> {
    try {
      return this.appendNow(records, options.now ?? this.ctx.clock());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private appendNow(records: Buffer, now: number): Promise<AppendResult> {
    this.checkWritable();
    const s = this.ctx.settings();
    const ctx = this.context();
    const batches = validateProduceRecords(
      records,
      {
        maxMessageBytes: s.maxMessageBytes,
        segmentBytes: s.segmentBytes,
        timestampBeforeMaxMs: s.timestampBeforeMaxMs,
        timestampAfterMaxMs: s.timestampAfterMaxMs,
        logAppendTime: s.logAppendTime,
        now,
      },
      ctx,
    );
    const logAppendTime = s.logAppendTime ? now : -1;
    const stage = this.producers.stage();
    let offset = this.nextOffset;
    for (const b of batches) {
      const check = stage.check(b.header, ctx);
      if (check.kind === 'duplicate') return this.duplicate(check.batch);
      stage.record(b.header, offset, logAppendTime, now);
      offset += b.header.lastOffsetDelta + 1;
    }
    if (offset > Number.MAX_SAFE_INTEGER)
      throw new KafkaProtocolError('UNKNOWN_SERVER_ERROR', 'offset overflow', ctx);
    // Everything is valid: from here on nothing throws and the append is applied.
    const firstOffset = this.nextOffset;
    let pending: PendingWrite | null = null;
    for (const b of batches) {
      const base = this.nextOffset;
      const last = base + b.header.lastOffsetDelta;
      assignBaseOffset(b.buf, base, this.ctx.leaderEpoch);
      let maxTs = b.maxTimestamp;
      if (s.logAppendTime) {
        maxTs = now;
        setMaxTimestamp(b.buf, true, now);
      } else if (maxTs !== b.header.maxTimestamp) setMaxTimestamp(b.buf, false, maxTs);
      const stored = b.buf.length * 2 < b.buf.buffer.byteLength ? Buffer.from(b.buf) : b.buf;
      const seg = this.segmentFor(base, last, stored.length, now, s);
      const position = seg.size;
      seg.addBatch(base, last, position, stored.length, maxTs, s.indexIntervalBytes);
      seg.lastModified = now;
      this.producers.apply(b.header, base, logAppendTime, now);
      this.cache.push(base, last, stored);
      if (pending !== null && pending.segment === seg && pending.bufs.length < MAX_IOV_PER_WRITE) {
        pending.bufs.push(stored);
        pending.end = position + stored.length;
        pending.lastOffset = last;
      } else {
        pending = { segment: seg, position, end: position + stored.length, bufs: [stored], lastOffset: last };
        this.queue.push(pending);
        this.unsettled.add(pending);
      }
      this.nextOffset = last + 1;
    }
    const last = pending as PendingWrite;
    const result: AppendResult = {
      baseOffset: firstOffset,
      lastOffset: this.nextOffset - 1,
      logAppendTime,
      logStartOffset: this.logStart,
      duplicate: false,
    };
    const promise = new Promise<AppendResult>((resolve, reject) => {
      last.done = { result, resolve, reject };
    });
    void this.pump();
    return promise;
  }

  /** A retried idempotent batch: answer with the original offsets once they are durable. */
  private async duplicate(meta: BatchMeta): Promise<AppendResult> {
    if (meta.lastOffset >= this.hwm) {
      await this.waiters.wait(meta.lastOffset, () => this.hwm, 2 ** 31 - 1);
      if (meta.lastOffset >= this.hwm) this.checkWritable();
    }
    return {
      baseOffset: meta.baseOffset,
      lastOffset: meta.lastOffset,
      logAppendTime: meta.logAppendTime,
      logStartOffset: this.logStart,
      duplicate: true,
    };
  }

  /** The segment for the next batch, rolling by size, age or relative-offset range. */
  private segmentFor(base: number, last: number, size: number, now: number, s: TopicSettings): Segment {
    const active = this.segments[this.segments.length - 1] as Segment;
    if (active.isEmpty) return active;
    const full = active.size + size > s.segmentBytes;
    const old = now - active.rollTime > s.segmentMs;
    const range = last - active.baseOffset > MAX_RELATIVE_OFFSET;
    return full || old || range ? this.roll(base, now) : active;
  }

  /** Starts a new (empty) active segment at `base`; its file is created by the writer on first write. */
  private roll(base: number, now: number): Segment {
    const seg = new Segment(this.dir, base, now);
    this.segments.push(seg);
    this.rollSnapshots.set(seg, encodeProducerSnapshot(base, this.producers.toJSON()));
    return seg;
  }

  private async pump(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0 && this.failure === null) {
        const first = this.queue[0] as PendingWrite;
        const seg = first.segment;
        if (seg !== this.writeSegment) await this.switchSegment(seg);
        let n = 1;
        if (this.ctx.policy.kind !== 'always') {
          while (
            n < this.queue.length &&
            (this.queue[n] as PendingWrite).segment === seg &&
            n < MAX_IOV_PER_WRITE
          )
            n++;
        }
        const writes = this.queue.splice(0, n);
        const bufs = writes.length === 1 ? first.bufs : writes.flatMap((w) => w.bufs);
        await writevAt(seg.fd as number, bufs, first.position);
        const end = (writes[writes.length - 1] as PendingWrite).end;
        this.writtenEnd = end;
        const durable = this.makeDurable(seg, writes, end);
        if (this.ctx.policy.kind === 'always') await durable;
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.writing = false;
      this.checkIdle();
    }
  }

  private makeDurable(seg: Segment, writes: PendingWrite[], end: number): Promise<void> {
    const kind = this.ctx.policy.kind;
    if (kind === 'interval' || kind === 'never') {
      this.complete(seg, writes);
      return Promise.resolve();
    }
    return this.ctx.scheduler.request(seg.sync as SyncFile, end).then(
      () => this.complete(seg, writes),
      (err: unknown) => this.fail(err),
    );
  }

  /** Before the first write to a new segment, the previous one is made durable and its indexes saved. */
  private async switchSegment(seg: Segment): Promise<void> {
    const prev = this.writeSegment;
    if (prev !== null && !prev.isDeleted && prev.sync !== null) {
      await prev.use(async () => {
        await this.ctx.scheduler.request(prev.sync as SyncFile, prev.size);
        await prev.persistIndexes();
      });
    }
    seg.fd = await openFd(seg.logPath, 'w+');
    seg.sync = new SyncFile(seg.fd, 0);
    await fsyncDir(this.dir);
    const snapshot = this.rollSnapshots.get(seg);
    this.rollSnapshots.delete(seg);
    if (snapshot !== undefined) await writeProducerSnapshot(this.dir, snapshot);
    this.writeSegment = seg;
    this.writtenEnd = 0;
  }

  private complete(seg: Segment, writes: PendingWrite[]): void {
    for (const w of writes) {
      this.unsettled.delete(w);
      if (w.lastOffset + 1 > this.hwm) {
        this.hwm = w.lastOffset + 1;
        this.hwmSegment = seg;
        this.hwmPos = w.end;
      }
      if (w.done !== undefined) {
        w.done.result.logStartOffset = this.logStart;
        w.done.resolve(w.done.result);
      }
    }
    this.waiters.notify(this.hwm);
    this.checkIdle();
  }

  private fail(err: unknown): void {
    if (this.failure === null) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.warn(`${this.topic}-${this.partition}: storage failure, partition offline: ${message}`);
      this.failure = new KafkaProtocolError(
        'KAFKA_STORAGE_ERROR',
        `storage failure: ${message}`,
        this.context(),
      );
    }
    this.queue.length = 0;
    for (const w of this.unsettled) w.done?.reject(this.failure);
    this.unsettled.clear();
    this.waiters.closeAll();
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idle !== null && this.unsettled.size === 0 && !this.writing) {
      const idle = this.idle;
      this.idle = null;
      idle();
    }
  }

  /** Schedules an fdatasync of written data without waiting (interval policy). */
  flushSoon(): void {
    const seg = this.writeSegment;
    if (seg?.sync && !seg.isDeleted && this.failure === null)
      this.ctx.scheduler.kick(seg.sync, this.writtenEnd);
  }

  private view(): SegmentView {
    return {
      segments: this.segments,
      logStartOffset: this.logStart,
      indexIntervalBytes: this.ctx.settings().indexIntervalBytes,
      readableEnd: (seg) => this.readableEnd(seg),
    };
  }

  private readableEnd(seg: Segment): number {
    if (seg === this.hwmSegment) return this.hwmPos;
    return seg.baseOffset < this.hwmSegment.baseOffset ? seg.size : 0;
  }

  async read(fetchOffset: number, maxBytes: number, options: ReadOptions = {}): Promise<ReadResult> {
    const minOne = options.minOneBatch ?? true;
    for (let attempt = 0; ; attempt++) {
      if (this.failure !== null) throw this.failure;
      this.checkOpen();
      const hwm = this.hwm;
      if (fetchOffset < this.logStart || fetchOffset > this.nextOffset) {
        throw new KafkaProtocolError(
          'OFFSET_OUT_OF_RANGE',
          `offset ${fetchOffset} is outside [${this.logStart}, ${this.nextOffset}]`,
          this.context(),
        );
      }
      let records: Buffer = EMPTY;
      if (fetchOffset < hwm) {
        const cached = this.cache.read(fetchOffset, maxBytes, hwm, minOne);
        try {
          records = cached ?? (await readSegments(this.view(), fetchOffset, maxBytes, minOne));
        } catch (err) {
          // A segment deleted by retention under the read: look again (usually OFFSET_OUT_OF_RANGE now).
          if (attempt < 3 && err instanceof Error && err.message === SEGMENT_DELETED) continue;
          throw err;
        }
      }
      return { records, highWatermark: hwm, lastStableOffset: hwm, logStartOffset: this.logStart };
    }
  }

  waitForData(offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.hwm > offset) return Promise.resolve(true);
    if (this.closed || this.failure !== null) return Promise.resolve(false);
    return this.waiters.wait(offset, () => this.hwm, timeoutMs, signal);
  }

  onData(listener: (highWatermark: number) => void): () => void {
    return this.waiters.listen(listener);
  }

  async offsetForTimestamp(timestamp: number): Promise<TimestampOffset | null> {
    this.checkOpen();
    return findOffsetForTimestamp(this.view(), timestamp);
  }

  async maxTimestamp(): Promise<TimestampOffset | null> {
    this.checkOpen();
    return findMaxTimestamp(this.view());
  }

  /** Runs maintenance (retention, DeleteRecords) one at a time. */
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(fn, fn);
    this.maintenance = run.catch(() => undefined);
    return run;
  }

  deleteRecordsBefore(offset: number): Promise<number> {
    return this.serialize(async () => {
      this.checkWritable();
      const target = offset === -1 ? this.hwm : offset;
      if (target < 0 || target > this.hwm) {
        throw new KafkaProtocolError(
          'OFFSET_OUT_OF_RANGE',
          `cannot delete records before ${offset}: outside [0, ${this.hwm}]`,
          this.context(),
        );
      }
      if (target > this.logStart) {
        await writeLogStartOffset(this.dir, target);
        this.logStart = Math.max(this.logStart, target);
        await this.dropSegments(this.countBelowLogStart(0));
      }
      return this.logStart;
    });
  }

  private countBelowLogStart(from: number): number {
    let k = from;
    while (k < this.segments.length - 1 && (this.segments[k] as Segment).nextOffset <= this.logStart) k++;
    return k;
  }

  /** Deletes segments by retention.ms and retention.bytes (never data above the high watermark). */
  applyRetention(now: number): Promise<number> {
    return this.serialize(async () => {
      if (this.closed || this.failure !== null) return 0;
      const s = this.ctx.settings();
      const segs = this.segments;
      let k = 0;
      const durable = (seg: Segment) => !seg.isEmpty && seg.nextOffset <= this.hwm;
      if (s.retentionMs >= 0) {
        while (k < segs.length) {
          const seg = segs[k] as Segment;
          const ts = seg.maxTimestamp >= 0 ? seg.maxTimestamp : seg.lastModified;
          if (!durable(seg) || now - ts <= s.retentionMs) break;
          k++;
        }
      }
      if (s.retentionBytes >= 0) {
        let excess = this.sizeInBytes - s.retentionBytes;
        for (let i = 0; i < k; i++) excess -= (segs[i] as Segment).size;
        while (k < segs.length - 1 && durable(segs[k] as Segment) && excess >= (segs[k] as Segment).size) {
          excess -= (segs[k] as Segment).size;
          k++;
        }
      }
      k = Math.max(k, this.countBelowLogStart(0));
      if (k >= segs.length) {
        // Everything expired, including the active segment: roll so that it can go too.
        const active = segs[segs.length - 1] as Segment;
        if (this.nextOffset === this.hwm && this.queue.length === 0 && !active.isEmpty)
          this.roll(this.nextOffset, now);
        else k = segs.length - 1;
      }
      if (k === 0) return 0;
      const newStart = (this.segments[k] as Segment).baseOffset;
      if (newStart > this.logStart) {
        await writeLogStartOffset(this.dir, newStart);
        this.logStart = Math.max(this.logStart, newStart);
      }
      return this.dropSegments(k);
    });
  }

  private async dropSegments(k: number): Promise<number> {
    if (k <= 0) return 0;
    const doomed = this.segments.slice(0, k);
    this.segments = this.segments.slice(k);
    for (const seg of doomed) await seg.delete();
    return doomed.length;
  }

  /** Drops idle idempotent producers (producer.id.expiration.ms). */
  expireProducers(now: number, expirationMs: number): number {
    return this.producers.expire(now, expirationMs);
  }

  /** Waits for in-flight appends, fsyncs the active segment, saves indexes and producer state, closes fds. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.unsettled.size > 0 || this.writing) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.maintenance;
    const seg = this.writeSegment;
    if (this.failure === null) {
      if (seg !== null && seg.sync !== null && !seg.isDeleted) {
        await this.ctx.scheduler.request(seg.sync, seg.size);
        await seg.persistIndexes();
      }
      await writeProducerSnapshot(this.dir, encodeProducerSnapshot(this.nextOffset, this.producers.toJSON()));
    }
    this.waiters.closeAll();
    for (const s of this.segments) await s.close();
    if (seg !== null && !this.segments.includes(seg)) await seg.close();
  }

  get directory(): string {
    return this.dir;
  }
}
