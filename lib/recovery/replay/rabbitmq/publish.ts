// Publishing archived messages back: confirm channel, mandatory, one publish per message to its original
// exchange and first routing key (the others as CC), death headers stripped, replay headers added, no
// expiration. Returns which ids were confirmed, returned (unroutable) or nacked.
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import type { ArchivedMessage } from '../../../store';
import { fromJsonSafe } from './amqp-values';
import { stripDeathHeaders } from './death';

export const REPLAY_HEADERS = { of: 'spillway-replay-of', count: 'spillway-replay-count' } as const;

/** The connection or channel went away mid-batch: the batch's outcome is unknown. */
export class ConnectionLostError extends Error {
  constructor(reason: string) {
    super(`connection lost: ${reason}`);
    this.name = 'ConnectionLostError';
  }
}

const KEPT_PROPERTIES = [
  'contentType',
  'contentEncoding',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'messageId',
  'timestamp',
  'type',
  'appId',
] as const;

/** Publish options for a replay: properties kept except expiration and userId; headers cleaned. */
export function replayOptions(m: ArchivedMessage): Options.Publish {
  const opts: Record<string, unknown> = { mandatory: true };
  for (const k of KEPT_PROPERTIES) if (m.properties[k] !== undefined) opts[k] = m.properties[k];
  const headers = fromJsonSafe(stripDeathHeaders(m.headers)) as Record<string, unknown>;
  delete headers.CC;
  delete headers.BCC;
  const [, ...cc] = m.routingKeys;
  if (cc.length > 0) opts.CC = cc;
  opts.headers = { ...headers, [REPLAY_HEADERS.of]: m.id, [REPLAY_HEADERS.count]: m.replayCount + 1 };
  return opts as Options.Publish;
}

export interface BatchResult {
  confirmed: number[];
  unroutable: number[];
  nacked: number[];
}

export class ReplayPublisher {
  private readonly returned = new Set<number>();
  private lost: string | null = null;

  private constructor(
    model: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {
    model.on('error', () => undefined);
    model.on('close', () => {
      this.lost ??= 'connection closed';
    });
    channel.on('error', (e: Error) => {
      this.lost ??= e.message;
    });
    channel.on('close', () => {
      this.lost ??= 'channel closed';
    });
    channel.on('return', (msg: { properties: { headers?: Record<string, unknown> } }) => {
      const id = Number(msg.properties.headers?.[REPLAY_HEADERS.of]);
      if (Number.isSafeInteger(id)) this.returned.add(id);
    });
  }

  static async open(model: ChannelModel): Promise<ReplayPublisher> {
    const ch = await model.createConfirmChannel();
    return new ReplayPublisher(model, ch);
  }

  /** Publishes the batch and waits for every confirm. ConnectionLostError when the channel died meanwhile. */
  async publish(rows: readonly ArchivedMessage[]): Promise<BatchResult> {
    if (this.lost) throw new ConnectionLostError(this.lost);
    const outcomes = await Promise.all(
      rows.map(
        (m) =>
          new Promise<boolean>((resolve) => {
            try {
              this.channel.publish(m.exchange, m.routingKeys[0] ?? '', m.body, replayOptions(m), (err) =>
                resolve(!err),
              );
            } catch {
              resolve(false);
            }
          }),
      ),
    );
    if (this.lost) throw new ConnectionLostError(this.lost);
    const out: BatchResult = { confirmed: [], unroutable: [], nacked: [] };
    rows.forEach((m, i) => {
      if (this.returned.delete(m.id)) out.unroutable.push(m.id);
      else if (outcomes[i]) out.confirmed.push(m.id);
      else out.nacked.push(m.id);
    });
    return out;
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
  }
}
