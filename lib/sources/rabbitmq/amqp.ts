// AMQP for what the management API is too slow to decide: a passive queue.declare on a throwaway channel
// gives the exact ready count and consumer count right now (management statistics lag by seconds). One
// connection per vhost, opened on first use and kept; a failed passive declare (404) closes only its channel.
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { withDeadline } from '../async';
import { type Redactor, SourceAuthError, SourceUnavailableError } from '../errors';
import type { RabbitmqQueueCheck } from '../types';

export interface AmqpCheckerOptions {
  cluster: string;
  amqpUrl: string;
  connectTimeoutMs: number;
  redactor: Redactor;
}

/** The AMQP URL pointed at another vhost (`/` is `%2F`). */
export function amqpUrlForVhost(amqpUrl: string, vhost: string): string {
  const url = new URL(amqpUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}

interface AmqpError {
  code?: unknown;
  message?: unknown;
}

const NOT_FOUND = 404;

export class AmqpChecker {
  private readonly connections = new Map<string, Promise<ChannelModel>>();

  constructor(private readonly o: AmqpCheckerOptions) {}

  private connection(vhost: string): Promise<ChannelModel> {
    const existing = this.connections.get(vhost);
    if (existing) return existing;
    const opening = withDeadline(
      connect(amqpUrlForVhost(this.o.amqpUrl, vhost), { timeout: this.o.connectTimeoutMs }),
      this.o.connectTimeoutMs,
    ).then(
      (model) => {
        const forget = () => {
          if (this.connections.get(vhost) === opening) this.connections.delete(vhost);
        };
        model.on('error', forget);
        model.on('close', forget);
        return model;
      },
      (error: unknown) => {
        this.connections.delete(vhost);
        throw this.connectError(vhost, error);
      },
    );
    this.connections.set(vhost, opening);
    return opening;
  }

  private connectError(vhost: string, error: unknown): Error {
    const message = `AMQP connect (vhost ${vhost}): ${this.o.redactor.describe(error)}`;
    const text = error instanceof Error ? error.message : '';
    if (/ACCESS[-_]REFUSED|403|authentication/i.test(text))
      return new SourceAuthError(this.o.cluster, message);
    return new SourceUnavailableError(this.o.cluster, message);
  }

  /** Passive declare: exists, ready (not counting unacked) and consumers. */
  async checkQueue(vhost: string, name: string): Promise<RabbitmqQueueCheck> {
    const model = await this.connection(vhost);
    let channel: Channel;
    try {
      channel = await model.createChannel();
    } catch (error) {
      this.connections.delete(vhost);
      throw new SourceUnavailableError(this.o.cluster, `AMQP channel: ${this.o.redactor.describe(error)}`);
    }
    // A failed passive declare closes the channel with an error event; it must not become an unhandled error.
    channel.on('error', () => undefined);
    try {
      const ok = await channel.checkQueue(name);
      return { vhost, name, exists: true, ready: ok.messageCount, consumers: ok.consumerCount };
    } catch (error) {
      if ((error as AmqpError).code === NOT_FOUND) {
        return { vhost, name, exists: false, ready: null, consumers: null };
      }
      throw new SourceUnavailableError(this.o.cluster, `AMQP checkQueue: ${this.o.redactor.describe(error)}`);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }
}
