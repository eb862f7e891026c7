// The RabbitMQ drain's dispatcher: consumes the source queue with manual acks and a prefetch, sends each
// message to the temp queue of its key (persistent, publisher confirms, through the default exchange,
// `mandatory` so a missing temp queue is an error instead of a silent drop), and acks the source delivery
// only after the confirm of its copy — in delivery order, several at a time.
//
// Durability: RabbitMQ has no offsets; ack-after-confirm is the checkpoint. A crash between a confirm and
// its ack makes the source redeliver that message (flag `redelivered`), so it is copied twice: counted as
// `redelivered` (an upper bound of the duplicates) and marked with the `spillway-redelivered` header; the
// provenance headers and the message id let workers dedupe. Requeue (nack) is never used — it breaks order
// on quorum queues: on any failure the channel is closed, and RabbitMQ returns the unacked deliveries to
// the head of the source in their order.
//
// Flow control: deliveries wait in memory (at most `prefetch`) while the job is paused, while the
// connection is `blocked` by a broker alarm, while the channel's write buffer is full (publish returned
// false → wait for 'drain') and while the rate limiter has no token.
import { once } from 'node:events';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { connect } from 'amqplib';
import { type DrainKeySpec, TempQueuePicker } from './key';

export const DISPATCH_DEFAULTS = { prefetch: 500, connectTimeoutMs: 5000, stopTimeoutMs: 60_000 } as const;

/** The framework's rate limiter (lib/recovery/rate-limit.ts), seen from here. */
export interface DispatchRateGate {
  /** null = unlimited. */
  readonly rate: number | null;
  /** Resolves when `count` messages may go (early, without error, when the signal aborts). */
  acquire(count: number, signal?: AbortSignal): Promise<void>;
}

export interface DispatchCounts {
  /** Copied, confirmed and acked at the source. */
  dispatched: number;
  keyless: number;
  /** Deliveries flagged redelivered by RabbitMQ: possible duplicates (copied before a crash, not acked). */
  redelivered: number;
  perQueue: number[];
}

export interface DispatcherOptions {
  /** AMQP URL including the vhost (credentials inside: never logged). */
  amqpUrl: string;
  queue: string;
  tempQueues: readonly string[];
  key: DrainKeySpec;
  jobId: string;
  prefetch?: number;
  rate?: DispatchRateGate | null;
  /** Ends a rate-limit wait early (the job's stop signal). */
  signal?: AbortSignal;
  /** Counts after each acked batch (totals of this run, on top of `initial`). */
  onProgress?: (counts: DispatchCounts) => void;
  initial?: DispatchCounts;
  /** Turns an amqplib error into a safe one-line message (redaction). */
  describe: (error: unknown) => string;
  /** amqplib's connect; replaced only by unit tests of the flow control (broker alarms cannot be raised per test). */
  connect?: typeof connect;
}

interface Pending {
  message: ConsumeMessage;
  confirmed: boolean;
}

const COPIED_PROPERTIES = [
  'contentType',
  'contentEncoding',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'appId',
  'clusterId',
] as const;

/** The connection name operators see in the management UI (and tests use to find the connection). */
export function dispatcherConnectionName(jobId: string): string {
  return `spillway drain ${jobId}`;
}

export class DispatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchError';
  }
}

export class RabbitDispatcher {
  private model: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;
  private consumerTag: string | null = null;
  private readonly picker: TempQueuePicker;
  private readonly buffer: ConsumeMessage[] = [];
  private readonly pending: Pending[] = [];
  private readonly counts: DispatchCounts;
  private paused = false;
  private blocked = false;
  private pumping = false;
  private stopping = false;
  private closing = false;
  private failure: DispatchError | null = null;
  private ackScheduled = false;
  private wake: (() => void) | null = null;
  private settled: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private readonly done: Promise<void>;

  constructor(private readonly o: DispatcherOptions) {
    this.picker = new TempQueuePicker(o.key, o.tempQueues.length);
    const init = o.initial;
    this.counts = {
      dispatched: init?.dispatched ?? 0,
      keyless: init?.keyless ?? 0,
      redelivered: init?.redelivered ?? 0,
      perQueue: init?.perQueue ? [...init.perQueue] : o.tempQueues.map(() => 0),
    };
    this.done = new Promise<void>((resolve, reject) => {
      this.settled = { resolve, reject };
    });
    // A failure before anyone awaits `finished` must not be an unhandled rejection.
    this.done.catch(() => undefined);
  }

  get snapshot(): DispatchCounts {
    return { ...this.counts, perQueue: [...this.counts.perQueue] };
  }

  /** Deliveries taken from the source and not acked yet (waiting, or copied and awaiting the confirm). */
  get inFlight(): number {
    return this.buffer.length + this.pending.length;
  }

  get isBlocked(): boolean {
    return this.blocked;
  }

  /** Settles when the dispatcher has stopped: resolves after `stop()`, rejects on a failure. */
  get finished(): Promise<void> {
    return this.done;
  }

  /** Connects and starts consuming. Rejects (DispatchError) when the broker cannot be reached. */
  async start(): Promise<void> {
    const o = this.o;
    try {
      this.model = await (o.connect ?? connect)(o.amqpUrl, {
        timeout: DISPATCH_DEFAULTS.connectTimeoutMs,
        clientProperties: { connection_name: dispatcherConnectionName(o.jobId) },
      });
    } catch (error) {
      throw new DispatchError(`AMQP connect: ${o.describe(error)}`);
    }
    const model = this.model;
    model.on('error', (e: unknown) => this.fail(`connection error: ${o.describe(e)}`));
    model.on('close', () => this.fail('the connection closed'));
    model.on('blocked', () => {
      this.blocked = true;
    });
    model.on('unblocked', () => {
      this.blocked = false;
      this.kick();
    });
    try {
      const channel = await model.createConfirmChannel();
      this.channel = channel;
      channel.on('error', (e: unknown) => this.fail(`channel error: ${o.describe(e)}`));
      channel.on('close', () => this.fail('the channel closed'));
      channel.on('return', (m: ConsumeMessage) =>
        this.fail(`temp queue "${m.fields.routingKey}" is gone: a copy was returned unroutable`),
      );
      await channel.prefetch(o.prefetch ?? DISPATCH_DEFAULTS.prefetch);
      const ok = await channel.consume(o.queue, (m) => this.onDelivery(m), { noAck: false });
      this.consumerTag = ok.consumerTag;
    } catch (error) {
      this.fail(`consume "${o.queue}": ${o.describe(error)}`);
      throw this.failure ?? new DispatchError('start failed');
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  /**
   * Clean stop: cancel the consumer, publish nothing more, wait for the outstanding confirms and ack them,
   * then close. Deliveries held but not yet copied return to the head of the source, in order.
   */
  async stop(): Promise<DispatchCounts> {
    if (this.failure) throw this.failure;
    this.stopping = true;
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    this.kick(true);
    const deadline = Date.now() + DISPATCH_DEFAULTS.stopTimeoutMs;
    while (this.pending.length > 0 && !this.failure) {
      if (Date.now() > deadline) {
        // Unconfirmed copies stay unacked: closing returns their sources to the queue (possible duplicates).
        this.fail(`no publisher confirm within ${DISPATCH_DEFAULTS.stopTimeoutMs / 1000} s while stopping`);
        break;
      }
      await new Promise<void>((r) => setTimeout(r, 5));
      this.flushAcks();
    }
    if (this.failure) throw this.failure;
    await this.close(true);
    this.settled?.resolve();
    return this.snapshot;
  }

  private onDelivery(m: ConsumeMessage | null): void {
    if (m === null) {
      if (!this.stopping) this.fail(`the consumer on "${this.o.queue}" was cancelled by the broker`);
      return;
    }
    this.buffer.push(m);
    this.kick();
  }

  /** Starts the pump when idle; `interrupt` also ends its wait for 'drain' (stop and failure only). */
  private kick(interrupt = false): void {
    if (interrupt) {
      const w = this.wake;
      this.wake = null;
      w?.();
    }
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.failure && !this.stopping && !this.paused && !this.blocked && this.buffer.length > 0) {
        const channel = this.channel;
        if (!channel) return;
        if (this.o.rate && this.o.rate.rate !== null) {
          await this.o.rate.acquire(1, this.o.signal);
          // An aborted signal ends the wait without a token: the job is stopping, copy nothing more.
          if (this.o.signal?.aborted) return;
          if (this.failure || this.stopping || this.paused || this.blocked) continue;
        }
        const m = this.buffer.shift();
        if (!m) return;
        if (!this.publish(channel, m)) {
          await Promise.race([once(channel, 'drain'), new Promise<void>((r) => (this.wake = r))]);
        }
      }
    } catch (error) {
      this.fail(`dispatch: ${this.o.describe(error)}`);
    } finally {
      this.pumping = false;
    }
  }

  /** Copies one delivery; false when the channel's buffer is full (wait for 'drain'). */
  private publish(channel: ConfirmChannel, m: ConsumeMessage): boolean {
    const { index, keyless } = this.picker.pick({
      routingKey: m.fields.routingKey,
      messageId: m.properties.messageId,
      headers: m.properties.headers,
    });
    const target = this.o.tempQueues[index] as string;
    const entry: Pending = { message: m, confirmed: false };
    this.pending.push(entry);
    const options: Options.Publish = { persistent: true, mandatory: true };
    for (const name of COPIED_PROPERTIES) {
      const v = m.properties[name];
      if (v !== undefined && v !== null) (options as Record<string, unknown>)[name] = v;
    }
    options.headers = {
      ...(m.properties.headers ?? {}),
      'spillway-source-queue': this.o.queue,
      'spillway-drain-job': this.o.jobId,
      ...(m.fields.redelivered ? { 'spillway-redelivered': true } : {}),
      ...(m.properties.userId ? { 'spillway-source-user-id': m.properties.userId } : {}),
    };
    if (m.fields.redelivered) this.counts.redelivered++;
    if (keyless) this.counts.keyless++;
    this.counts.perQueue[index] = (this.counts.perQueue[index] ?? 0) + 1;
    return channel.publish('', target, m.content, options, (err) => {
      if (err) {
        this.fail(`RabbitMQ refused the copy to "${target}" (nack)`);
        return;
      }
      entry.confirmed = true;
      if (!this.ackScheduled) {
        this.ackScheduled = true;
        setImmediate(() => this.flushAcks());
      }
    });
  }

  /** Acks the source up to the last delivery whose copy and every earlier copy are confirmed. */
  private flushAcks(): void {
    this.ackScheduled = false;
    if (this.failure || !this.channel) return;
    let last: ConsumeMessage | null = null;
    let n = 0;
    while (this.pending.length > 0 && this.pending[0]?.confirmed) {
      last = (this.pending.shift() as Pending).message;
      n++;
    }
    if (!last) return;
    this.channel.ack(last, true);
    this.counts.dispatched += n;
    try {
      this.o.onProgress?.(this.snapshot);
    } catch (error) {
      // The checkpoint could not be written (e.g. another runner took the job over): stop copying.
      this.fail(`checkpoint: ${this.o.describe(error)}`);
    }
  }

  /** Stops on a failure: closes the connection without acking, so the source keeps every unacked message. */
  private fail(reason: string): void {
    if (this.failure || this.closing) return;
    this.failure = new DispatchError(reason);
    this.buffer.length = 0;
    this.kick(true);
    void this.close();
    this.settled?.reject(this.failure);
  }

  /**
   * Closes the connection. A clean stop closes the channel first and waits for close-ok: amqplib writes a
   * connection.close ahead of channel frames still buffered, so the last acks could otherwise be lost (the
   * source would keep messages that are already copied).
   */
  private async close(clean = false): Promise<void> {
    this.closing = true;
    const model = this.model;
    const channel = this.channel;
    this.model = null;
    this.channel = null;
    if (clean && channel) await channel.close().catch(() => undefined);
    if (model) await model.close().catch(() => undefined);
  }
}
