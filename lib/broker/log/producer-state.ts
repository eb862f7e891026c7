/**
 * Idempotent-producer state of one partition (KIP-98): per producer id, the current epoch and the metadata
 * of its last 5 batches. Rules follow Kafka's broker after KIP-360:
 * - a batch whose (epoch, first sequence, last sequence) matches a cached batch is a duplicate: it gets
 *   its original offsets back and nothing is written;
 * - an epoch older than the current one is rejected with INVALID_PRODUCER_EPOCH;
 * - a new epoch must start at sequence 0, otherwise OUT_OF_ORDER_SEQUENCE_NUMBER;
 * - within an epoch the first sequence must follow the last one (wrapping at Int32 max);
 * - a producer the partition has no state for (new, or expired) is accepted at any sequence.
 * State lives until producer.id.expiration.ms after the producer's last append, not tied to retention.
 */
import { type ErrorContext, KafkaProtocolError } from '../errors';
import { type BatchHeader, inSequence, lastSequenceOf } from './batch';

export const MAX_CACHED_BATCHES = 5;

export interface BatchMeta {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  lastOffset: number;
  /** Log append time of the batch, or -1 under CreateTime. */
  logAppendTime: number;
}

export interface ProducerEntry {
  producerId: number;
  epoch: number;
  /** Oldest first, at most MAX_CACHED_BATCHES. */
  batches: BatchMeta[];
  /** Wall-clock ms of the last append, for expiration. */
  lastSeen: number;
}

export type SequenceCheck = { kind: 'append' } | { kind: 'duplicate'; batch: BatchMeta };

function cloneEntry(e: ProducerEntry): ProducerEntry {
  return { producerId: e.producerId, epoch: e.epoch, batches: e.batches.slice(), lastSeen: e.lastSeen };
}

export class ProducerStateTable {
  private readonly entries = new Map<number, ProducerEntry>();

  get size(): number {
    return this.entries.size;
  }

  get(producerId: number): ProducerEntry | undefined {
    return this.entries.get(producerId);
  }

  /** Starts a staged check of one append: batches are checked (and recorded) without touching the table. */
  stage(): ProducerStage {
    return new ProducerStage(this.entries);
  }

  /** Applies a checked batch at its assigned base offset. */
  apply(h: BatchHeader, baseOffset: number, logAppendTime: number, now: number): void {
    if (h.producerId < 0) return;
    const entry = nextEntry(this.entries.get(h.producerId), h, baseOffset, logAppendTime, now);
    this.entries.set(h.producerId, entry);
  }

  /** Applies a batch found in the log (recovery): no checks, the log is the truth. */
  replay(h: BatchHeader, lastSeen: number, logAppendTime: number): void {
    if (h.producerId < 0) return;
    let entry = this.entries.get(h.producerId);
    if (entry === undefined || h.producerEpoch !== entry.epoch) {
      entry = { producerId: h.producerId, epoch: h.producerEpoch, batches: [], lastSeen };
      this.entries.set(h.producerId, entry);
    }
    pushBatch(entry, metaOf(h, h.baseOffset, logAppendTime));
    entry.lastSeen = Math.max(entry.lastSeen, lastSeen);
  }

  /** Drops producers idle for longer than `expirationMs`. */
  expire(now: number, expirationMs: number): number {
    let removed = 0;
    for (const [pid, entry] of this.entries) {
      if (now - entry.lastSeen > expirationMs) {
        this.entries.delete(pid);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
  }

  toJSON(): ProducerEntry[] {
    return [...this.entries.values()].map(cloneEntry);
  }

  load(entries: readonly ProducerEntry[]): void {
    this.entries.clear();
    for (const e of entries) this.entries.set(e.producerId, cloneEntry(e));
  }
}

function metaOf(h: BatchHeader, baseOffset: number, logAppendTime: number): BatchMeta {
  return {
    firstSeq: h.baseSequence,
    lastSeq: lastSequenceOf(h.baseSequence, h.lastOffsetDelta),
    baseOffset,
    lastOffset: baseOffset + h.lastOffsetDelta,
    logAppendTime,
  };
}

/** The entry after appending a batch: a copy, reset when the epoch changes. */
function nextEntry(
  cur: ProducerEntry | undefined,
  h: BatchHeader,
  baseOffset: number,
  logAppendTime: number,
  now: number,
): ProducerEntry {
  const entry: ProducerEntry =
    cur === undefined || cur.epoch !== h.producerEpoch
      ? { producerId: h.producerId, epoch: h.producerEpoch, batches: [], lastSeen: now }
      : cloneEntry(cur);
  pushBatch(entry, metaOf(h, baseOffset, logAppendTime));
  entry.lastSeen = now;
  return entry;
}

function pushBatch(entry: ProducerEntry, meta: BatchMeta): void {
  entry.batches.push(meta);
  if (entry.batches.length > MAX_CACHED_BATCHES) entry.batches.shift();
}

/** The checks and updates of one append, applied to the table only on commit. */
export class ProducerStage {
  readonly staged = new Map<number, ProducerEntry>();

  constructor(private readonly current: ReadonlyMap<number, ProducerEntry>) {}

  private entryFor(pid: number): ProducerEntry | undefined {
    const staged = this.staged.get(pid);
    if (staged !== undefined) return staged;
    const cur = this.current.get(pid);
    return cur === undefined ? undefined : cloneEntry(cur);
  }

  /** Checks one batch against the state (including earlier batches of the same append). */
  check(h: BatchHeader, ctx: ErrorContext): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.entryFor(h.producerId);
    if (entry === undefined) return { kind: 'append' };
    const lastSeq = lastSequenceOf(h.baseSequence, h.lastOffsetDelta);
    if (h.producerEpoch === entry.epoch) {
      const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === lastSeq);
      if (dup !== undefined) return { kind: 'duplicate', batch: dup };
    }
    const context = {
      ...ctx,
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      sequence: h.baseSequence,
    };
    if (h.producerEpoch < entry.epoch) {
      throw new KafkaProtocolError(
        'INVALID_PRODUCER_EPOCH',
        `producer epoch ${h.producerEpoch} is older than the current epoch ${entry.epoch}`,
        context,
      );
    }
    if (h.producerEpoch > entry.epoch) {
      if (h.baseSequence !== 0) {
        throw new KafkaProtocolError(
          'OUT_OF_ORDER_SEQUENCE_NUMBER',
          `a new producer epoch must start at sequence 0, got ${h.baseSequence}`,
          context,
        );
      }
      return { kind: 'append' };
    }
    const last = entry.batches[entry.batches.length - 1];
    if (last !== undefined && !inSequence(last.lastSeq, h.baseSequence)) {
      throw new KafkaProtocolError(
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
        `expected sequence ${last.lastSeq + 1}, got ${h.baseSequence}`,
        context,
      );
    }
    return { kind: 'append' };
  }

  /** Records a checked batch so that later batches of the same append are checked against it. */
  record(h: BatchHeader, baseOffset: number, logAppendTime: number, now: number): void {
    if (h.producerId < 0) return;
    this.staged.set(h.producerId, nextEntry(this.entryFor(h.producerId), h, baseOffset, logAppendTime, now));
  }
}
