// An idempotent producer of our own for the temp topic. One producer id per writer; per temp partition a
// sequence number that advances only when the broker acknowledged the batch (acks=-1), so a batch sent
// again after a lost answer or a leader change is recognised by the broker as a duplicate and written once.
// A writer handles one chunk at a time (chunks queue up in call order), which keeps every partition's
// sequences — and therefore the order of its records — exactly as sent. A chunk is one record batch per
// temp partition it touches (Kafka accepts exactly one v2 batch per partition per request), sent to each
// partition's leader at once; a partition whose records exceed `maxBatchBytes` goes out in further rounds.
import { sleep } from '../../sleep';
import {
  backoffMs,
  isConnectionError,
  isRetriableFailure,
  KAFKA_ERRORS,
  type ProduceBatch,
  type WireClient,
  WireError,
} from './client';
import type { SourceRecord } from './source-batches';
import { encodeTempBatch, type ProvenanceHeaders } from './temp-batch';

export interface WriterOptions {
  /** Produce request timeout (the broker's wait for the in-sync replicas). */
  timeoutMs: number;
  /** Attempts after the first for a partition whose answer was retriable (or lost). */
  retries: number;
  /** Upper bound of one record batch (the temp topic's max.message.bytes is 1 MiB by default). */
  maxBatchBytes: number;
  signal: AbortSignal;
}

const MAX_SEQUENCE = 0x7fffffff;

/** A temp partition's records for one chunk, cut into batches that fit `maxBatchBytes`. */
function cut(records: readonly SourceRecord[], maxBytes: number): SourceRecord[][] {
  const out: SourceRecord[][] = [];
  let current: SourceRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = 64 + (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.length;
    if (current.length > 0 && bytes + size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export class TempWriter {
  private producer: { producerId: number; producerEpoch: number } | null = null;
  /** Next sequence per temp partition. */
  private readonly sequence = new Map<number, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: WireClient,
    private readonly topic: string,
    private readonly provenance: (sourcePartition: number) => ProvenanceHeaders,
    private readonly options: WriterOptions,
  ) {}

  async init(): Promise<void> {
    this.producer = await this.retrying(() => this.client.initProducerId());
  }

  /**
   * Writes one chunk of a source partition (records grouped by temp partition, each group in source order)
   * and resolves once every batch is acknowledged. Chunks of one writer are written one after another.
   */
  write(sourcePartition: number, groups: ReadonlyMap<number, readonly SourceRecord[]>): Promise<void> {
    const run = this.tail.then(() => this.writeNow(sourcePartition, groups));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async writeNow(
    sourcePartition: number,
    groups: ReadonlyMap<number, readonly SourceRecord[]>,
  ): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new Error('TempWriter.init() was not called');
    const provenance = this.provenance(sourcePartition);
    const rounds = new Map<number, SourceRecord[][]>();
    let roundCount = 0;
    for (const [tp, records] of groups) {
      const batches = cut(records, this.options.maxBatchBytes);
      rounds.set(tp, batches);
      roundCount = Math.max(roundCount, batches.length);
    }
    for (let round = 0; round < roundCount; round++) {
      const pending = new Map<number, { batch: Buffer; count: number }>();
      for (const [tp, batches] of rounds) {
        const records = batches[round];
        if (!records) continue;
        const baseSequence = this.sequence.get(tp) ?? 0;
        pending.set(tp, {
          batch: encodeTempBatch(records, provenance, { ...producer, baseSequence }),
          count: records.length,
        });
      }
      await this.send(pending);
    }
  }

  /** Sends the batches until each is acknowledged; retriable failures are retried with the same bytes. */
  private async send(pending: Map<number, { batch: Buffer; count: number }>): Promise<void> {
    let lastError: unknown = null;
    for (let attempt = 0; pending.size > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > this.options.retries) throw lastError;
        await sleep(backoffMs(attempt), this.options.signal);
        if (this.options.signal.aborted) throw new Error('stopped while retrying a temp write');
        await this.client.refresh().catch((err: unknown) => {
          lastError = err;
        });
      }
      const byLeader = new Map<number, ProduceBatch[]>();
      for (const [tp, p] of pending) {
        const leader = this.client.leader(this.topic, tp);
        if (leader === undefined || leader < 0) {
          lastError = new WireError('Produce', KAFKA_ERRORS.LEADER_NOT_AVAILABLE, `${this.topic}/${tp}`);
          continue;
        }
        const list = byLeader.get(leader) ?? [];
        list.push({ partition: tp, batch: p.batch });
        byLeader.set(leader, list);
      }
      await Promise.all(
        [...byLeader].map(async ([leader, batches]) => {
          let codes: Map<number, number>;
          try {
            codes = await this.client.produce(leader, this.topic, batches, this.options.timeoutMs);
          } catch (err) {
            if (!isConnectionError(err)) throw err;
            lastError = err; // the answer is lost: send the same batches again (the broker drops duplicates)
            return;
          }
          for (const { partition } of batches) {
            const code = codes.get(partition);
            const p = pending.get(partition);
            if (p === undefined) continue;
            if (code === 0 || code === KAFKA_ERRORS.DUPLICATE_SEQUENCE_NUMBER) {
              pending.delete(partition);
              this.advance(partition, p.count);
              continue;
            }
            const error = new WireError('Produce', code ?? -1, `${this.topic}/${partition}`);
            if (code === undefined || !error.retriable) throw error;
            lastError = error;
          }
        }),
      );
    }
  }

  private advance(tp: number, count: number): void {
    const next = (this.sequence.get(tp) ?? 0) + count;
    this.sequence.set(tp, next > MAX_SEQUENCE ? next - MAX_SEQUENCE - 1 : next);
  }

  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!isRetriableFailure(err) || attempt >= this.options.retries || this.options.signal.aborted)
          throw err;
        await sleep(backoffMs(attempt + 1), this.options.signal);
        await this.client.refresh().catch(() => undefined);
      }
    }
  }
}
