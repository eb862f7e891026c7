// Scenario (issue 8): a queue whose policy sets a 1 s TTL gets capture turned on; 5,000 messages are
// published and 2,000 consumed; the other 3,000 expire, dead-letter into Spillway's archive queue and are
// stored by the archive consumer — exactly those ids. Replaying them delivers each id once to a consumer
// of the original queue (x-death stripped, replay headers added); a second replay publishes nothing;
// removing capture restores the previous policy and its TTL still applies.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { archiveUntilEmpty } from '../lib/recovery/replay/rabbitmq/archive-run';
import { captureStatus, startCapture, stopCapture } from '../lib/recovery/replay/rabbitmq/capture';
import { createRabbitReplay } from '../lib/recovery/replay/rabbitmq/replay-create';
import { describeService, eventually, uniqueName } from './helpers/services';
import {
  amqp,
  cleanup,
  collect,
  mq,
  publishIds,
  type TempStore,
  tempStore,
  testRunner,
  ttlQueue,
} from './replay.helpers';

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ capture, archive and replay', () => {
  let ts: TempStore;
  const queue = uniqueName('replay-ttl');

  beforeAll(() => {
    ts = tempStore();
  });
  afterAll(async () => {
    await cleanup(queue);
    ts?.close();
  });

  it('archives exactly the 3,000 expired of 5,000, replays each once, replays nothing twice, restores the policy', async () => {
    const { store } = ts;
    const { exchange, routingKey, policy } = await ttlQueue(queue, 1000);
    const status = await startCapture(mq, '/', queue);
    expect(status.captured).toBe(true);
    expect(status.effectiveDefinition).toMatchObject({
      'message-ttl': 1000,
      'max-length': 100_000,
      'dead-letter-exchange': 'spillway.capture',
      'dead-letter-routing-key': queue,
    });
    expect(status.basePolicy?.name).toBe(policy);

    const conn = await amqp();
    try {
      // A consumer acks the first 2,000 deliveries and no more; the rest expire (also those it held unacked).
      const ch = await conn.createChannel();
      await ch.prefetch(50);
      const consumed = new Set<string>();
      let stopped = false;
      const { consumerTag } = await ch.consume(queue, (m) => {
        if (!m || stopped) return;
        if (consumed.size < 2000) {
          consumed.add(String(m.properties.messageId));
          ch.ack(m);
        }
        if (consumed.size >= 2000 && !stopped) {
          stopped = true;
          void ch.cancel(consumerTag).then(() => ch.close());
        }
      });
      const ids = Array.from({ length: 5000 }, (_, i) => `${queue}-${i}`);
      await publishIds(conn, exchange, routingKey, ids);
      await eventually(() => (stopped ? true : undefined), { timeoutMs: 30_000, what: '2,000 consumed' });
      const expired = ids.filter((id) => !consumed.has(id));
      expect(expired).toHaveLength(3000);

      await eventually(
        async () => {
          await archiveUntilEmpty({ cluster: mq, vhost: '/', queue, store, follow: false });
          return store.archive.count({ queue }) >= 3000 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: '3,000 archived' },
      );
      const archived = store.archive.list({ queue, limit: 5000 });
      expect(archived).toHaveLength(3000);
      expect(new Set(archived.map((a) => a.messageId))).toEqual(new Set(expired));
      expect(new Set(archived.map((a) => a.deathReason))).toEqual(new Set(['expired']));
      expect(archived[0]).toMatchObject({ exchange, routingKeys: [routingKey], deathQueue: queue });
      expect(archived[0]?.headers['x-death']).toBeDefined();

      // Replay to the original exchange/routing key while a consumer reads the original queue.
      const reader = await collect(conn, queue);
      const runner = testRunner(store);
      const input = {
        cluster: mq,
        vhost: '/',
        queue,
        since: null,
        until: null,
        reason: 'expired',
        again: false,
        rate: null,
      };
      const { job, preview } = await createRabbitReplay(store, input, cliActor(), 'cli', runner.owner);
      expect(preview.count).toBe(3000);
      expect(job).not.toBeNull();
      expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
      await eventually(() => (reader.received.length >= 3000 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'replayed received',
      });
      expect(reader.ids().sort()).toEqual([...expired].sort()); // each exactly once
      const m = reader.received[0];
      expect(m?.properties.headers?.['x-death']).toBeUndefined();
      expect(m?.properties.headers?.['spillway-replay-count']).toBe(1);
      expect(typeof m?.properties.headers?.['spillway-replay-of']).toBe('number');
      expect(m?.properties.expiration).toBeUndefined();
      expect(m?.properties.contentType).toBe('application/json');
      expect(store.archive.count({ queue, replayed: true })).toBe(3000);
      expect(store.jobs.get(job?.id ?? '')?.done).toBe(3000);

      // A second replay publishes nothing.
      const again = await createRabbitReplay(store, input, cliActor(), 'cli', runner.owner);
      expect(again.job).toBeNull();
      expect(again.preview.count).toBe(0);
      await reader.close();

      // Removing capture: the previous policy applies again, exactly; its TTL still drops messages.
      const off = await stopCapture(mq, '/', queue);
      expect(off.captured).toBe(false);
      expect(off.policy).toBe(policy);
      expect(off.effectiveDefinition).toEqual({ 'message-ttl': 1000, 'max-length': 100_000 });
      await publishIds(conn, exchange, routingKey, [`${queue}-after`]);
      const probe = await conn.createChannel();
      await eventually(async () => ((await probe.checkQueue(queue)).messageCount === 0 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'TTL drops the message',
      });
      await probe.close();
      const s = await captureStatus(mq, '/', queue);
      expect(s.archiveBacklog).toBe(0); // not dead-lettered any more
    } finally {
      await conn.close().catch(() => undefined);
    }
  });
});
