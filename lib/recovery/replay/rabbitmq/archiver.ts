// The archive consumer: consumes a captured queue's archive queue (manual ack, prefetch), stores each message
// in the SQLite archive and acks ONLY after the transaction holding its row committed. A crash before the
// ack redelivers the message: the archive then holds it twice (same sha256 and message id), never zero times.
import { createHash } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { RabbitmqClusterConfig } from '../../../config';
import type { Logger } from '../../../logger';
import type { ArchiveInput, Store } from '../../../store';
import { toJsonSafe } from './amqp-values';
import { deathRecord } from './death';
import { archiveQueueOf, Rabbit } from './mgmt';

export const ARCHIVER_DEFAULTS = { prefetch: 500, batch: 200, flushMs: 50 } as const;

export interface ArchiverOptions {
  cluster: RabbitmqClusterConfig;
  vhost: string;
  queue: string;
  store: Store;
  log?: Logger;
  prefetch?: number;
  onStored?: (n: number) => void;
}

function propertiesOf(m: ConsumeMessage): Record<string, unknown> {
  const { headers: _headers, ...rest } = m.properties;
  return Object.fromEntries(
    Object.entries(toJsonSafe(rest) as Record<string, unknown>).filter(([, v]) => v !== undefined),
  );
}

export function toArchiveInput(
  cluster: string,
  vhost: string,
  queue: string,
  m: ConsumeMessage,
): ArchiveInput {
  const headers = (m.properties.headers ?? {}) as Record<string, unknown>;
  const death = deathRecord(headers, queue);
  const messageId = m.properties.messageId;
  return {
    cluster,
    vhost,
    queue,
    exchange: death?.exchange ?? m.fields.exchange,
    routingKeys: death?.routingKeys ?? [m.fields.routingKey],
    messageId: typeof messageId === 'string' ? messageId : messageId == null ? null : String(messageId),
    body: m.content,
    properties: propertiesOf(m),
    headers: toJsonSafe(headers) as Record<string, unknown>,
    deathQueue: death?.queue ?? queue,
    deathReason: death?.reason ?? 'unknown',
    deathTime: death?.time ?? null,
    deathExchange: death?.exchange ?? '',
    deathRoutingKeys: death?.routingKeys ?? [],
    deathCount: death?.count ?? 0,
    sha256: createHash('sha256').update(m.content).digest('hex'),
  };
}

/** One archive queue's consumer. start() resolves once consuming; stop() flushes, acks and closes. */
export class Archiver {
  private model: ChannelModel | null = null;
  private channel: Channel | null = null;
  private pending: ConsumeMessage[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stored = 0;
  private closedReason: string | null = null;

  constructor(private readonly o: ArchiverOptions) {}

  get count(): number {
    return this.stored;
  }

  /** Messages delivered and not yet stored. */
  get buffered(): number {
    return this.pending.length;
  }

  /** null while consuming; the reason once the connection or channel closed. */
  get closed(): string | null {
    return this.closedReason;
  }

  async start(): Promise<void> {
    const r = new Rabbit(this.o.cluster);
    this.model = await r.amqp(this.o.vhost, 'archive');
    this.model.on('error', () => undefined);
    this.model.on('close', () => {
      this.closedReason ??= 'connection closed';
    });
    const ch = await this.model.createChannel();
    ch.on('error', (e: Error) => {
      this.closedReason = r.redactor.redact(e.message);
    });
    this.channel = ch;
    await ch.prefetch(this.o.prefetch ?? ARCHIVER_DEFAULTS.prefetch);
    await ch.checkQueue(archiveQueueOf(this.o.queue));
    await ch.consume(archiveQueueOf(this.o.queue), (m) => {
      if (!m) {
        this.closedReason = 'consumer cancelled by the broker';
        return;
      }
      this.pending.push(m);
      if (this.pending.length >= ARCHIVER_DEFAULTS.batch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), ARCHIVER_DEFAULTS.flushMs);
    });
  }

  /** Stores the pending messages in one transaction, then acks them (multiple up to the last tag). */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const last = batch[batch.length - 1];
    if (!last || !this.channel) return;
    try {
      this.o.store.archive.insertMany(
        batch.map((m) => toArchiveInput(this.o.cluster.name, this.o.vhost, this.o.queue, m)),
      );
    } catch (error) {
      // Not stored: leave them unacked; they come back when this channel closes.
      this.o.log?.error('archive insert failed; closing the channel so the messages are redelivered', {
        error: (error as Error).message,
      });
      void this.channel.close().catch(() => undefined);
      return;
    }
    this.stored += batch.length;
    this.channel.ack(last, true);
    this.o.onStored?.(batch.length);
  }

  async stop(): Promise<void> {
    this.flush();
    const model = this.model;
    this.model = null;
    this.channel = null;
    await model?.close().catch(() => undefined);
  }
}
