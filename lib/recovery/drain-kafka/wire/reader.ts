// Reads the source topic for the dispatcher: one fetch loop per partition leader, each asking for the
// partitions it leads whose lanes have room, from each lane's position. No consumer group: positions are
// the dispatcher's own (checkpointed after the temp writes), so nothing joins, rebalances or commits, and
// the source group stays untouched. Leaders and partitions are read again every few seconds and after any
// error that says they moved; a partition added to the topic gets a lane from its start.
import { sleep } from '../../sleep';
import { backoffMs, isRetriableFailure, KAFKA_ERRORS, type WireClient, WireError } from './client';
import { readSourceBatches, type SourceRead } from './source-batches';

export interface ReaderHooks {
  /** Where to read partition p next (its lane's position; a new lane when p is new). */
  position(p: number): number;
  /** Whether p's lane takes more records now. */
  hasRoom(p: number): boolean;
  /** Resolves when one of these lanes has room again (or about a second passed). */
  waitForRoom(partitions: number[]): Promise<void>;
  deliver(p: number, read: SourceRead, highWatermark: number): void;
  /** The position fell below the log start (retention deleted records not yet copied): move to it. */
  outOfRange(p: number, offset: number): Promise<void>;
  stopped(): boolean;
}

export interface ReaderOptions {
  maxWaitMs: number;
  /** A partition's first fetch asks for this much, so the first records reach the temp topic quickly… */
  firstBytesPerPartition: number;
  /** …and each fetch that comes back at least half full doubles it, up to this. */
  maxBytesPerPartition: number;
  /** Consecutive failed attempts before the reader gives up. */
  retries: number;
  /** How often leaders and partitions are read again. */
  refreshMs: number;
  signal: AbortSignal;
}

/** The most one partition may ask for when a single batch is bigger than the usual limit. */
const MAX_PARTITION_BYTES = 64 * 1024 * 1024;

export class SourceReader {
  private readonly loops = new Map<number, Promise<void>>();
  private readonly maxBytes = new Map<number, number>();
  private failure: unknown = null;

  constructor(
    private readonly client: WireClient,
    private readonly topic: string,
    private readonly hooks: ReaderHooks,
    private readonly options: ReaderOptions,
  ) {}

  /** Runs until the hooks say stop; rejects with the first error no retry could fix. */
  async run(): Promise<void> {
    try {
      while (!this.done()) {
        this.startLoops();
        await sleep(this.options.refreshMs, this.options.signal);
        if (this.done()) break;
        await this.client.refresh().catch(() => undefined); // a loop that needs it fails by itself
      }
    } finally {
      await Promise.all(this.loops.values());
    }
    if (this.failure !== null) throw this.failure;
  }

  private done(): boolean {
    return this.failure !== null || this.hooks.stopped();
  }

  private partitions(): number[] {
    const partitions = this.client.partitions(this.topic);
    if (!partitions) throw new Error(`source topic ${this.topic} no longer exists`);
    return partitions;
  }

  private startLoops(): void {
    let leaders: Set<number>;
    try {
      leaders = new Set(this.partitions().map((p) => this.client.leader(this.topic, p) ?? -1));
    } catch (err) {
      this.failure ??= err;
      return;
    }
    for (const node of leaders) {
      if (node < 0 || this.loops.has(node)) continue;
      const loop = this.leaderLoop(node)
        .catch((err: unknown) => {
          this.failure ??= err;
        })
        .finally(() => this.loops.delete(node));
      this.loops.set(node, loop);
    }
  }

  private async leaderLoop(node: number): Promise<void> {
    let failures = 0;
    while (!this.done()) {
      const mine = this.partitions().filter((p) => this.client.leader(this.topic, p) === node);
      if (mine.length === 0) return;
      const ready = mine.filter((p) => this.hooks.hasRoom(p));
      if (ready.length === 0) {
        await this.hooks.waitForRoom(mine);
        continue;
      }
      const asked = ready.map((p) => ({
        partition: p,
        offset: this.hooks.position(p),
        maxBytes: this.maxBytes.get(p) ?? this.options.firstBytesPerPartition,
      }));
      let moved = false;
      try {
        const answer = await this.client.fetch(node, this.topic, asked, this.options.maxWaitMs);
        for (const part of answer) {
          const ask = asked.find((a) => a.partition === part.partitionIndex);
          if (!ask) continue;
          if (part.errorCode === 0)
            this.take(ask, part.records, part.abortedTransactions, part.highWatermark);
          else if (part.errorCode === KAFKA_ERRORS.OFFSET_OUT_OF_RANGE)
            await this.hooks.outOfRange(ask.partition, ask.offset);
          else if (new WireError('Fetch', part.errorCode).retriable) moved = true;
          else throw new WireError('Fetch', part.errorCode, `${this.topic}/${ask.partition}`);
        }
        failures = moved ? failures + 1 : 0;
      } catch (err) {
        if (!isRetriableFailure(err)) throw err;
        failures += 1;
        moved = true;
        if (failures > this.options.retries) throw err;
      }
      if (moved) {
        await sleep(backoffMs(failures), this.options.signal);
        await this.client.refresh().catch(() => undefined);
      }
    }
  }

  private take(
    ask: { partition: number; offset: number; maxBytes: number },
    records: Buffer | null,
    aborted: ReadonlyArray<{ producerId: number; firstOffset: number }> | null,
    highWatermark: number,
  ): void {
    const read = readSourceBatches(records, ask.offset, aborted);
    if (read.nextOffset === ask.offset && records !== null && records.length > 0) {
      // Only part of one batch came back: ask for more next time (brokers before KIP-74 do this).
      if (ask.maxBytes >= MAX_PARTITION_BYTES) {
        throw new Error(
          `${this.topic}/${ask.partition}: the record batch at offset ${ask.offset} is larger than ${MAX_PARTITION_BYTES} bytes`,
        );
      }
      this.maxBytes.set(ask.partition, Math.min(MAX_PARTITION_BYTES, ask.maxBytes * 2));
    } else if (
      records !== null &&
      records.length * 2 >= ask.maxBytes &&
      ask.maxBytes < this.options.maxBytesPerPartition
    ) {
      this.maxBytes.set(ask.partition, Math.min(this.options.maxBytesPerPartition, ask.maxBytes * 2));
    }
    this.hooks.deliver(ask.partition, read, highWatermark);
  }
}
