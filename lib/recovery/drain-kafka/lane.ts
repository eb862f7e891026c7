// One source partition's way into the temp topic. The dispatcher's consumer appends what it reads; the
// lane's writer sends it on, in offset order, one produce request at a time (acks=-1), and reports each
// acknowledged chunk. Reading runs ahead of writing by at most `readAhead` records, so the next fetch
// overlaps the current produce (kafkajs fetches again only once every batch handler has returned) while
// memory stays bounded. Nothing here is checkpointed: records read but not yet acknowledged are simply
// read again from the checkpoint by the next run. A read can also move the position past offsets that
// hold no record to copy (transaction markers, aborted transactions, a log start moved by retention): the
// writer is then told to advance to it with an empty chunk, once everything before it is acknowledged.

export interface LaneWriter<R extends { offset: number }> {
  /**
   * Sends one chunk (in order, never two at once for one lane); resolves when it is acknowledged. `upTo`
   * is the source offset every record below which is now acknowledged (after the chunk's last record, or
   * further when offsets without records follow it); an empty chunk only advances to `upTo`.
   */
  send(chunk: R[], upTo: number): Promise<void>;
  /** Records per chunk for the next send (the rate limit makes chunks smaller). */
  chunkSize(): number;
  /** Waits for tokens for n records; returns early when the dispatcher stops. */
  acquire(n: number): Promise<void>;
  stopped(): boolean;
  fail(err: unknown): void;
}

export class Lane<R extends { offset: number }> {
  private readonly queue: R[] = [];
  /** Index of the first unsent record in `queue` (a cursor instead of O(n) shifts). */
  private head = 0;
  /** The offset after the last record queued: a re-delivered record below it is not queued twice. */
  private readTo: number;
  /** Every offset below this one is acknowledged (or holds nothing to copy). */
  private acked: number;
  private writing: Promise<void> | null = null;
  private waiters: Array<() => void> = [];

  constructor(
    readonly partition: number,
    from: number,
    private readonly writer: LaneWriter<R>,
    private readonly readAhead: number,
  ) {
    this.readTo = from;
    this.acked = from;
  }

  /** The next offset to read. */
  get position(): number {
    return this.readTo;
  }

  get hasRoom(): boolean {
    return this.queued <= this.readAhead;
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  /**
   * Queues the records at or after the read position, moves the read position to `nextOffset` when that is
   * further (offsets without records to copy), and starts the writer if it is idle.
   */
  push(records: readonly R[], nextOffset = 0): void {
    for (const r of records) {
      if (r.offset < this.readTo) continue;
      this.queue.push(r);
      this.readTo = r.offset + 1;
    }
    if (nextOffset > this.readTo) this.readTo = nextOffset;
    if (this.writing === null && (this.queued > 0 || this.acked < this.readTo)) this.writing = this.write();
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
      while ((this.queued > 0 || this.acked < this.readTo) && !this.writer.stopped()) {
        const n = Math.min(this.queued, this.writer.chunkSize());
        if (n > 0) await this.writer.acquire(n);
        if (this.writer.stopped()) return;
        const chunk = this.queue.slice(this.head, this.head + n);
        const last = chunk[n - 1];
        // Read before the send: records queued meanwhile lie beyond it.
        const upTo =
          this.head + n === this.queue.length || last === undefined ? this.readTo : last.offset + 1;
        await this.writer.send(chunk, upTo);
        this.acked = upTo;
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
