// The dispatcher's flow control against a scripted amqplib connection (a broker alarm or a full socket
// cannot be raised on the shared test RabbitMQ per test; the end-to-end paths run against the real one in
// test/drain.rabbitmq.*): ack only after the confirm and in delivery order, pauses on `blocked` and on
// write back-pressure, a nack or a returned copy stops without acking, a clean stop closes the channel
// before the connection.
import { EventEmitter } from 'node:events';
import type { connect } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { RabbitDispatcher } from './dispatcher';

type Cb = (err: unknown) => void;

class FakeChannel extends EventEmitter {
  writable = true;
  published: Array<{ queue: string; options: Record<string, unknown>; cb: Cb }> = [];
  acks: Array<[number, boolean]> = [];
  onMessage: ((m: unknown) => void) | null = null;
  events: string[] = [];
  async prefetch() {}
  async consume(_q: string, cb: (m: unknown) => void) {
    this.onMessage = cb;
    return { consumerTag: 'ct' };
  }
  async cancel() {
    this.events.push('cancel');
  }
  publish(_ex: string, queue: string, _content: Buffer, options: Record<string, unknown>, cb: Cb) {
    this.published.push({ queue, options, cb });
    return this.writable;
  }
  ack(m: { fields: { deliveryTag: number } }, allUpTo: boolean) {
    this.acks.push([m.fields.deliveryTag, allUpTo]);
  }
  async close() {
    this.events.push('channel.close');
  }
}

class FakeModel extends EventEmitter {
  constructor(readonly channel: FakeChannel) {
    super();
  }
  async createConfirmChannel() {
    return this.channel;
  }
  async close() {
    this.channel.events.push('connection.close');
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function setup(options: { paused?: boolean; onProgress?: () => void } = {}) {
  const channel = new FakeChannel();
  const model = new FakeModel(channel);
  const d = new RabbitDispatcher({
    amqpUrl: 'amqp://x',
    queue: 'src',
    tempQueues: ['t0', 't1', 't2'],
    key: { kind: 'header', name: 'k' },
    jobId: 'j-test',
    describe: (e) => String(e),
    connect: (async () => model) as unknown as typeof connect,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (options.paused) d.pause();
  const deliver = (tag: number, headers: Record<string, unknown> = { k: `key${tag}` }, redelivered = false) =>
    channel.onMessage?.({
      fields: { deliveryTag: tag, redelivered, routingKey: 'rk', exchange: '', consumerTag: 'ct' },
      properties: { headers, messageId: `m${tag}`, contentType: 'text/plain', userId: 'someone' },
      content: Buffer.from(`body${tag}`),
    });
  return { channel, model, d, deliver };
}

describe('RabbitDispatcher flow control', () => {
  it('acks the source only after confirms, up to the first unconfirmed delivery, several at a time', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    for (const t of [1, 2, 3]) deliver(t);
    await tick();
    expect(channel.published).toHaveLength(3);
    channel.published[2]?.cb(null);
    channel.published[0]?.cb(null);
    await tick();
    expect(channel.acks).toEqual([[1, true]]);
    channel.published[1]?.cb(null);
    await tick();
    expect(channel.acks).toEqual([
      [1, true],
      [3, true],
    ]);
    expect(d.snapshot.dispatched).toBe(3);
  });

  it('copies persistent, mandatory, with the properties and provenance headers; marks redeliveries', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    deliver(1, { k: 'a', other: 1 }, true);
    await tick();
    const p = channel.published[0];
    expect(p?.options).toMatchObject({
      persistent: true,
      mandatory: true,
      messageId: 'm1',
      contentType: 'text/plain',
      headers: {
        k: 'a',
        other: 1,
        'spillway-source-queue': 'src',
        'spillway-drain-job': 'j-test',
        'spillway-redelivered': true,
        'spillway-source-user-id': 'someone',
      },
    });
    expect(p?.options.userId).toBeUndefined();
    expect(d.snapshot.redelivered).toBe(1);
  });

  it('holds deliveries while the connection is blocked and sends them once unblocked', async () => {
    const { channel, model, d, deliver } = setup();
    await d.start();
    model.emit('blocked', 'low on memory');
    deliver(1);
    deliver(2);
    await tick();
    expect(channel.published).toHaveLength(0);
    expect(d.isBlocked).toBe(true);
    model.emit('unblocked');
    await tick();
    expect(channel.published).toHaveLength(2);
  });

  it('waits for drain when the channel buffer is full', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    channel.writable = false;
    for (const t of [1, 2, 3]) deliver(t);
    await tick();
    expect(channel.published).toHaveLength(1);
    channel.writable = true;
    channel.emit('drain');
    await tick();
    await tick();
    expect(channel.published).toHaveLength(3);
  });

  it('holds deliveries while paused', async () => {
    const { channel, d, deliver } = setup({ paused: true });
    await d.start();
    deliver(1);
    await tick();
    expect(channel.published).toHaveLength(0);
    d.resume();
    await tick();
    expect(channel.published).toHaveLength(1);
  });

  it('stops on a nack without acking anything, closing the connection (never requeue)', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    deliver(1);
    deliver(2);
    await tick();
    channel.published[0]?.cb(null);
    channel.published[1]?.cb(new Error('nack'));
    await expect(d.finished).rejects.toThrow(/refused the copy to "t\d" \(nack\)/);
    await tick();
    expect(channel.acks).toEqual([]);
    expect(channel.events).toContain('connection.close');
  });

  it('stops when a copy comes back unroutable (temp queue deleted), acking nothing', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    deliver(1);
    await tick();
    channel.emit('return', { fields: { routingKey: 't1' } });
    channel.published[0]?.cb(null);
    await tick();
    await expect(d.finished).rejects.toThrow(/temp queue "t1" is gone/);
    expect(channel.acks).toEqual([]);
  });

  it('stops cleanly: cancel, ack what is confirmed, close the channel before the connection', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    deliver(1);
    deliver(2);
    await tick();
    const stopping = d.stop();
    await tick();
    channel.published[0]?.cb(null);
    channel.published[1]?.cb(null);
    const counts = await stopping;
    expect(counts.dispatched).toBe(2);
    expect(channel.acks).toEqual([[2, true]]);
    expect(channel.events).toEqual(['cancel', 'channel.close', 'connection.close']);
    await expect(d.finished).resolves.toBeUndefined();
  });

  it('routes one key to one temp queue and key-less messages round-robin', async () => {
    const { channel, d, deliver } = setup();
    await d.start();
    deliver(1, { k: 'same' });
    deliver(2, { k: 'same' });
    for (const t of [3, 4, 5]) deliver(t, {});
    await tick();
    const queues = channel.published.map((p) => p.queue);
    expect(queues[0]).toBe(queues[1]);
    expect(queues.slice(2)).toEqual(['t0', 't1', 't2']);
    expect(d.snapshot.keyless).toBe(3);
  });

  it('stops (no crash) when the checkpoint cannot be written, e.g. the lease was lost', async () => {
    const { channel, d, deliver } = setup({
      onProgress: () => {
        throw new Error('lease lost');
      },
    });
    await d.start();
    deliver(1);
    deliver(2);
    await tick();
    channel.published[0]?.cb(null);
    await tick();
    await expect(d.finished).rejects.toThrow(/checkpoint: .*lease lost/);
    channel.published[1]?.cb(null);
    await tick();
    expect(channel.acks).toEqual([[1, true]]);
    expect(channel.events).toContain('connection.close');
  });
});
