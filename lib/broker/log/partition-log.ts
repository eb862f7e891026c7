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
import { planAppend } from './append-plan';
import { encodeProducerSnapshot, writeLogStartOffset, writeProducerSnapshot } from './checkpoint';
import type { SyncScheduler } from './fsync';
import {
  EMPTY,
  findMaxTimestamp,
  findOffsetForTimestamp,
  readSegments,
  type SegmentView,
} from './partition-read';
import { MAX_IOV_PER_WRITE, PartitionWriter, type PendingWrite } from './partition-writer';
import type { BatchMeta, ProducerStateTable } from './producer-state';
import { recoverPartition } from './recovery';
import { planRetention } from './retention';
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

const MAX_RELATIVE_OFFSET = 0xffffffff;

export class FilePartitionLog implements PartitionLog {
  private segments: Segment[];
  private logStart: number;
  private nextOffset: number;
  private hwm: number;
  private hwmSegment: Segment;
  private hwmPos: number;
  private readonly cache: TailCache;
  private readonly writer: PartitionWriter;
  private failure: KafkaProtocolError | null = null;
  private closed = false;
  private readonly waiters = new DataWaiters();
  private maintenance: Promise<unknown> = Promise.resolve();

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
    this.cache = new TailCache(ctx.tailCacheBytes);
    this.writer = new PartitionWriter(dir, ctx.scheduler, ctx.policy, active, {
      durable: (seg, writes) => this.complete(seg, writes),
      failed: (err) => this.fail(err),
    });
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
    const plan = planAppend(
      records,
      s,
      now,
      this.nextOffset,
      this.producers,
      this.ctx.leaderEpoch,
      this.context(),
    );
    if (plan.kind === 'duplicate') return this.duplicate(plan.batch);
    const firstOffset = this.nextOffset;
    const writes: PendingWrite[] = [];
    let pending: PendingWrite | null = null;
    for (const b of plan.batches) {
      const { buf, baseOffset: base, lastOffset: last } = b;
      const seg = this.segmentFor(base, last, buf.length, now, s);
      const position = seg.size;
      seg.addBatch(base, last, position, buf.length, b.maxTimestamp, s.indexIntervalBytes);
      seg.lastModified = now;
      seg.rollTime ??= now;
      this.producers.apply(b.header, base, plan.logAppendTime, now);
      this.cache.push(base, last, buf);
      if (pending !== null && pending.segment === seg && pending.bufs.length < MAX_IOV_PER_WRITE) {
        pending.bufs.push(buf);
        pending.end = position + buf.length;
        pending.lastOffset = last;
      } else {
        pending = { segment: seg, position, end: position + buf.length, bufs: [buf], lastOffset: last };
        writes.push(pending);
      }
      this.nextOffset = last + 1;
    }
    const result: AppendResult = {
      baseOffset: firstOffset,
      lastOffset: this.nextOffset - 1,
      logAppendTime: plan.logAppendTime,
      logStartOffset: this.logStart,
      duplicate: false,
    };
    const last = pending as PendingWrite;
    const promise = new Promise<AppendResult>((resolve, reject) => {
      last.done = { result, resolve, reject };
    });
    this.writer.submit(writes);
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
    const old = active.rollTime !== null && now - active.rollTime > s.segmentMs;
    const range = last - active.baseOffset > MAX_RELATIVE_OFFSET;
    return full || old || range ? this.roll(base, now) : active;
  }

  /** Starts a new (empty) active segment at `base`; its file is created by the writer on first write. */
  private roll(base: number, now: number): Segment {
    const seg = new Segment(this.dir, base, now);
    this.segments.push(seg);
    this.writer.rolled(seg, encodeProducerSnapshot(base, this.producers.toJSON()));
    return seg;
  }

  private complete(seg: Segment, writes: PendingWrite[]): void {
    for (const w of writes) {
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
  }

  private fail(err: unknown): KafkaProtocolError {
    if (this.failure === null) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.warn(`${this.topic}-${this.partition}: storage failure, partition offline: ${message}`);
      this.failure = new KafkaProtocolError(
        'KAFKA_STORAGE_ERROR',
        `storage failure: ${message}`,
        this.context(),
      );
      this.waiters.closeAll();
    }
    return this.failure;
  }

  /** Schedules an fdatasync of written data without waiting (interval policy). */
  flushSoon(): void {
    this.writer.flushSoon();
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

  offsetForTimestamp(timestamp: number): Promise<TimestampOffset | null> {
    return this.lookup(() => findOffsetForTimestamp(this.view(), timestamp));
  }

  maxTimestamp(): Promise<TimestampOffset | null> {
    return this.lookup(() => findMaxTimestamp(this.view()));
  }

  /** Runs a segment lookup, again when retention deleted a segment under it. */
  private async lookup<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.checkOpen();
      try {
        return await fn();
      } catch (err) {
        if (attempt < 3 && err instanceof Error && err.message === SEGMENT_DELETED) continue;
        throw err;
      }
    }
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
      const plan = planRetention(this.segments, this.ctx.settings(), now, this.hwm, this.logStart);
      let k = plan.drop;
      if (plan.rollActive) {
        // Everything expired, including the active segment: roll so that it can go too.
        if (this.nextOffset === this.hwm && this.writer.queued === 0) this.roll(this.nextOffset, now);
        else k--;
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
    await this.writer.whenIdle();
    await this.maintenance;
    if (this.failure === null) {
      await this.writer.flush();
      await writeProducerSnapshot(this.dir, encodeProducerSnapshot(this.nextOffset, this.producers.toJSON()));
    }
    this.waiters.closeAll();
    const current = this.writer.segment;
    for (const seg of this.segments) await seg.close();
    if (current !== null && !this.segments.includes(current)) await current.close();
  }

  get directory(): string {
    return this.dir;
  }
}
