// One source partition's way into the temp topic. The dispatcher's consumer appends what it reads; the
// lane's writer sends it on, in offset order, one produce request at a time (acks=-1), and reports each
// acknowledged chunk. Reading runs ahead of writing by at most `readAhead` records, so the next fetch
// overlaps the current produce (kafkajs fetches again only once every batch handler has returned) while
// memory stays bounded. Nothing here is checkpointed: records read but not yet acknowledged are simply
// read again from the checkpoint by the next run.
import type { KafkaMessage } from 'kafkajs';

export interface LaneWriter {
  /** Sends one chunk (in order, never two at once for one lane); resolves when it is acknowledged. */
  send(chunk: KafkaMessage[]): Promise<void>;
  /** Records per chunk for the next send (the rate limit makes chunks smaller). */
  chunkSize(): number;
  /** Waits for tokens for n records; returns early when the dispatcher stops. */
  acquire(n: number): Promise<void>;
  stopped(): boolean;
  fail(err: unknown): void;
}

export class Lane {
  private readonly queue: KafkaMessage[] = [];
  /** Index of the first unsent record in `queue` (a cursor instead of O(n) shifts). */
  private head = 0;
  /** The offset after the last record queued: a re-delivered record below it is not queued twice. */
  private readTo: number;
  private writing: Promise<void> | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    readonly partition: number,
    from: number,
    private readonly writer: LaneWriter,
    private readonly readAhead: number,
  ) {
    this.readTo = from;
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Queues the records at or after the read position and starts the writer if it is idle. */
  push(messages: KafkaMessage[]): void {
    for (const m of messages) {
      const offset = Number(m.offset);
      if (offset < this.readTo) continue;
      this.queue.push(m);
      this.readTo = offset + 1;
    }
    if (this.queued > 0 && this.writing === null) this.writing = this.write();
  }

  /**
   * Resolves once at most `readAhead` records wait (or the dispatcher stopped); `tick` runs about once a
   * second meanwhile (the consumer's heartbeat).
   */
  async room(tick: () => Promise<void>): Promise<void> {
    while (this.queued > this.readAhead && !this.writer.stopped()) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, 1000);
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.waiters.push(done);
      });
      await tick();
    }
  }

  /** Waits for the chunk being written, if any (records still queued stay unsent). */
  async settled(): Promise<void> {
    await this.writing;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async write(): Promise<void> {
    try {
      while (this.queued > 0 && !this.writer.stopped()) {
        const n = Math.min(this.queued, this.writer.chunkSize());
        await this.writer.acquire(n);
        if (this.writer.stopped()) return;
        const chunk = this.queue.slice(this.head, this.head + n);
        await this.writer.send(chunk);
        this.head += n;
        if (this.head > 50_000 || this.head === this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        this.wake();
      }
    } catch (err) {
      this.writer.fail(err);
    } finally {
      this.writing = null;
      this.wake();
    }
  }
}
