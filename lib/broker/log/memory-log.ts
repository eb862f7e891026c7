/**
 * `memory://` partition log: the same validation, idempotence, offsets and Fetch/ListOffsets semantics as
 * the file log, with batches in an array and nothing durable (tests, demos, throwaway brokers). Retention
 * works per batch rather than per segment.
 */
import { KafkaProtocolError } from '../errors';
import { planAppend } from './append-plan';
import { type BatchHeader, readBatchHeader } from './batch';
import { EMPTY } from './partition-read';
import { ProducerStateTable } from './producer-state';
import { findRecord } from './records';
import type {
  AppendOptions,
  AppendResult,
  PartitionLog,
  ReadOptions,
  ReadResult,
  TimestampOffset,
  TopicSettings,
} from './types';
import { DataWaiters } from './waiters';

interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  appendedAt: number;
  buf: Buffer;
}

export interface MemoryPartitionContext {
  readonly clock: () => number;
  readonly leaderEpoch: number;
  readonly settings: () => TopicSettings;
}

export class MemoryPartitionLog implements PartitionLog {
  private batches: StoredBatch[] = [];
  private start = 0;
  private end = 0;
  private bytes = 0;
  private closed = false;
  private readonly producers = new ProducerStateTable();
  private readonly waiters = new DataWaiters();

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly ctx: MemoryPartitionContext,
  ) {}

  get logStartOffset(): number {
    return this.start;
  }
  get highWatermark(): number {
    return this.end;
  }
  get logEndOffset(): number {
    return this.end;
  }
  get sizeInBytes(): number {
    return this.bytes;
  }

  private context() {
    return { topic: this.topic, partition: this.partition };
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new KafkaProtocolError('NOT_LEADER_OR_FOLLOWER', 'the partition log is closed', this.context());
    }
  }

  async append(records: Buffer, options: AppendOptions = {}): Promise<AppendResult> {
    this.checkOpen();
    const now = options.now ?? this.ctx.clock();
    const plan = planAppend(
      records,
      this.ctx.settings(),
      now,
      this.end,
      this.producers,
      this.ctx.leaderEpoch,
      this.context(),
    );
    if (plan.kind === 'duplicate') {
      const b = plan.batch;
      const { baseOffset, lastOffset, logAppendTime } = b;
      return { baseOffset, lastOffset, logAppendTime, logStartOffset: this.start, duplicate: true };
    }
    const baseOffset = this.end;
    for (const b of plan.batches) {
      this.producers.apply(b.header, b.baseOffset, plan.logAppendTime, now);
      this.batches.push({ ...b, appendedAt: now });
      this.bytes += b.buf.length;
      this.end = b.lastOffset + 1;
    }
    this.waiters.notify(this.end);
    return {
      baseOffset,
      lastOffset: this.end - 1,
      logAppendTime: plan.logAppendTime,
      logStartOffset: this.start,
      duplicate: false,
    };
  }

  /** Index of the first batch whose last offset is >= offset. */
  private indexFor(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.batches[mid] as StoredBatch).lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async read(fetchOffset: number, maxBytes: number, options: ReadOptions = {}): Promise<ReadResult> {
    this.checkOpen();
    if (fetchOffset < this.start || fetchOffset > this.end) {
      throw new KafkaProtocolError(
        'OFFSET_OUT_OF_RANGE',
        `offset ${fetchOffset} is outside [${this.start}, ${this.end}]`,
        this.context(),
      );
    }
    const parts: Buffer[] = [];
    let size = 0;
    for (let i = this.indexFor(fetchOffset); i < this.batches.length; i++) {
      const b = this.batches[i] as StoredBatch;
      if (size + b.buf.length > maxBytes && !(parts.length === 0 && (options.minOneBatch ?? true))) break;
      parts.push(b.buf);
      size += b.buf.length;
    }
    const records =
      parts.length === 0 ? EMPTY : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    return { records, highWatermark: this.end, lastStableOffset: this.end, logStartOffset: this.start };
  }

  waitForData(offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.closed) return Promise.resolve(this.end > offset);
    return this.waiters.wait(offset, () => this.end, timeoutMs, signal);
  }

  onData(listener: (highWatermark: number) => void): () => void {
    return this.waiters.listen(listener);
  }

  private async locate(
    accept: (b: StoredBatch) => boolean,
    match: (ts: number) => boolean,
    fallback: (h: BatchHeader) => number,
  ): Promise<TimestampOffset | null> {
    this.checkOpen();
    for (let i = this.indexFor(this.start); i < this.batches.length; i++) {
      const b = this.batches[i] as StoredBatch;
      if (!accept(b)) continue;
      const h = readBatchHeader(b.buf);
      const rec = await findRecord(b.buf, h, this.start, match, fallback(h));
      if (rec !== null) return { offset: h.baseOffset + rec.offsetDelta, timestamp: rec.timestamp };
    }
    return null;
  }

  offsetForTimestamp(timestamp: number): Promise<TimestampOffset | null> {
    return this.locate(
      (b) => b.maxTimestamp >= timestamp,
      (ts) => ts >= timestamp,
      (h) => Math.max(h.baseOffset, this.start),
    );
  }

  maxTimestamp(): Promise<TimestampOffset | null> {
    let best: StoredBatch | null = null;
    for (let i = this.indexFor(this.start); i < this.batches.length; i++) {
      const b = this.batches[i] as StoredBatch;
      if (b.maxTimestamp >= 0 && (best === null || b.maxTimestamp > best.maxTimestamp)) best = b;
    }
    const target = best;
    if (target === null) return Promise.resolve(null);
    return this.locate(
      (b) => b === target,
      (ts) => ts === target.maxTimestamp,
      (h) => h.baseOffset + h.lastOffsetDelta,
    );
  }

  async deleteRecordsBefore(offset: number): Promise<number> {
    this.checkOpen();
    const target = offset === -1 ? this.end : offset;
    if (target < 0 || target > this.end) {
      throw new KafkaProtocolError(
        'OFFSET_OUT_OF_RANGE',
        `cannot delete records before ${offset}: outside [0, ${this.end}]`,
        this.context(),
      );
    }
    this.start = Math.max(this.start, target);
    this.dropWhile((b) => b.lastOffset < this.start);
    return this.start;
  }

  /** Retention per batch: older than retention.ms, or beyond retention.bytes. */
  applyRetention(now: number): number {
    const s = this.ctx.settings();
    let dropped = 0;
    if (s.retentionMs >= 0) {
      dropped += this.dropWhile(
        (b) => now - (b.maxTimestamp >= 0 ? b.maxTimestamp : b.appendedAt) > s.retentionMs,
      );
    }
    if (s.retentionBytes >= 0)
      dropped += this.dropWhile((b) => this.bytes - b.buf.length >= s.retentionBytes);
    return dropped;
  }

  private dropWhile(pred: (b: StoredBatch) => boolean): number {
    let k = 0;
    while (k < this.batches.length && pred(this.batches[k] as StoredBatch)) {
      this.bytes -= (this.batches[k] as StoredBatch).buf.length;
      k++;
    }
    if (k > 0) {
      this.batches = this.batches.slice(k);
      this.start = Math.max(this.start, this.batches[0]?.baseOffset ?? this.end);
    }
    return k;
  }

  expireProducers(now: number, expirationMs: number): number {
    return this.producers.expire(now, expirationMs);
  }

  close(): void {
    this.closed = true;
    this.waiters.closeAll();
  }
}
