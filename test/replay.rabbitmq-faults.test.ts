// Scenarios: the replay connection is killed mid-replay (management API DELETE /api/connections/<name>) and
// the job resumes by itself — no id lost, none marked replayed twice, duplicates at most the `uncertain`
// count; capture refuses a queue that already dead-letters elsewhere (argument or policy) and changes
// nothing; a replay to a missing exchange is refused with nothing published; unroutable messages are
// reported and stay unreplayed.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { ReplayError } from '../lib/recovery/replay/errors';
import { archiveUntilEmpty } from '../lib/recovery/replay/rabbitmq/archive-run';
import { startCapture } from '../lib/recovery/replay/rabbitmq/capture';
import { createRabbitReplay } from '../lib/recovery/replay/rabbitmq/replay-create';
import type { ArchiveInput } from '../lib/store';
import { describeService, eventually, managementJson, uniqueName } from './helpers/services';
import {
  amqp,
  cleanup,
  collect,
  mgmt,
  mq,
  publishIds,
  type TempStore,
  tempStore,
  testRunner,
  ttlQueue,
} from './replay.helpers';

const enc = encodeURIComponent;

function synthetic(queue: string, exchange: string, routingKey: string, n: number): ArchiveInput[] {
  return Array.from({ length: n }, (_, i) => {
    const body = Buffer.from(`m${i}`);
    return {
      cluster: 'mq',
      vhost: '/',
      queue,
      exchange,
      routingKeys: [routingKey],
      messageId: `${queue}-${i}`,
      body,
      properties: { messageId: `${queue}-${i}`, expiration: '1000' },
      headers: { 'x-death': [{ queue, reason: 'expired' }], 'x-first-death-queue': queue, keep: 'me' },
      deathQueue: queue,
      deathReason: 'expired',
      deathTime: Date.now(),
      deathExchange: exchange,
      deathRoutingKeys: [routingKey],
      deathCount: 1,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
  });
}

describeService(['rabbitmq', 'rabbitmq-management'], 'RabbitMQ replay under faults and bad input', () => {
  let ts: TempStore;
  const names: string[] = [];
  const fresh = (p: string) => {
    const n = uniqueName(p);
    names.push(n);
    return n;
  };

  beforeAll(() => {
    ts = tempStore();
  });
  afterAll(async () => {
    for (const n of names) await cleanup(n);
    await mgmt('DELETE', `/api/policies/%2F/${enc(`their-dlx-${names[2] ?? ''}`)}`).catch(() => undefined);
    ts?.close();
  });

  it('resumes after its connection is killed mid-replay: every id delivered, none replayed twice', async () => {
    const { store } = ts;
    const queue = fresh('replay-kill');
    const { exchange, routingKey } = await ttlQueue(queue, 1000);
    await startCapture(mq, '/', queue);
    const conn = await amqp();
    try {
      const ids = Array.from({ length: 3000 }, (_, i) => `${queue}-${i}`);
      await publishIds(conn, exchange, routingKey, ids);
      await eventually(
        async () => {
          await archiveUntilEmpty({ cluster: mq, vhost: '/', queue, store, follow: false });
          return store.archive.count({ queue }) >= 3000 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: '3,000 archived' },
      );
      const reader = await collect(conn, queue);
      const runner = testRunner(store);
      const input = {
        cluster: mq,
        vhost: '/',
        queue,
        since: null,
        until: null,
        reason: null,
        again: false,
        // Slow until the connection is killed (the management API lists a new connection only after its
        // next statistics round, up to 5 s), then fast: the kill always lands mid-replay.
        rate: 100,
      };
      const { job } = await createRabbitReplay(store, input, cliActor(), 'cli', runner.owner);
      const id = job?.id ?? '';
      const done = runner.runJob(id, { exitOnError: true });
      await eventually(() => ((store.jobs.get(id)?.done ?? 0) >= 200 ? true : undefined), {
        timeoutMs: 30_000,
        what: '200 replayed',
      });
      const mine = await eventually(
        async () => {
          const connections =
            await managementJson<Array<{ name: string; client_properties?: { connection_name?: string } }>>(
              '/api/connections',
            );
          const found = connections.filter(
            (c) => c.client_properties?.connection_name === `spillway replay ${process.pid}`,
          );
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 20_000, what: 'the replay connection in the management API' },
      );
      const before = store.jobs.get(id)?.done ?? 0;
      expect(before).toBeLessThan(3000);
      for (const c of mine) await mgmt('DELETE', `/api/connections/${enc(c.name)}`);
      const reconnected = () =>
        (store.jobs.require(id).checkpoint as { reconnects?: number }).reconnects ?? 0;
      await eventually(() => (reconnected() > 0 ? true : undefined), { what: 'the reconnect' });
      store.jobs.setRateLimit(id, 2000);
      expect(await done).toBe('completed');
      await eventually(() => (new Set(reader.ids()).size >= 3000 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'all received',
      });
      expect(new Set(reader.ids())).toEqual(new Set(ids));
      const cp = store.jobs.get(id)?.checkpoint as {
        uncertain: number;
        reconnects: number;
        published: number;
      };
      expect(cp.reconnects).toBeGreaterThan(0);
      expect(reader.ids().length - 3000).toBeLessThanOrEqual(cp.uncertain);
      const rows = store.archive.list({ queue, limit: 5000 });
      expect(rows.every((r) => r.replayCount === 1)).toBe(true);
      await reader.close();
    } finally {
      await conn.close().catch(() => undefined);
    }
  });

  it('refuses to capture a queue that dead-letters elsewhere (argument or policy) and changes nothing', async () => {
    const byArg = fresh('replay-arg-dlx');
    await ttlQueue(byArg, 1000, { 'x-dead-letter-exchange': 'their.dlx' });
    const e1 = await startCapture(mq, '/', byArg).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ReplayError);
    expect((e1 as Error).message).toMatch(/already dead-letters to exchange "their\.dlx" \(queue argument/);
    expect(await mgmt('GET', `/api/policies/%2F/${enc(`spillway-capture-${byArg}`)}`)).toMatchObject({
      error: 'Object Not Found',
    });

    const byPolicy = fresh('replay-pol-dlx');
    await ttlQueue(byPolicy, 1000);
    await mgmt('PUT', `/api/policies/%2F/${enc(`their-dlx-${byPolicy}`)}`, {
      pattern: `^${byPolicy}$`,
      'apply-to': 'queues',
      priority: 9,
      definition: { 'dead-letter-exchange': 'their.dlx' },
    });
    const e2 = await startCapture(mq, '/', byPolicy).catch((e: unknown) => e);
    expect((e2 as Error).message).toMatch(
      /already dead-letters to exchange "their\.dlx" \(policy "their-dlx-/,
    );
    await mgmt('DELETE', `/api/policies/%2F/${enc(`their-dlx-${byPolicy}`)}`);
    expect(await mgmt('GET', `/api/queues/%2F/${enc(`spillway.archive.${byPolicy}`)}`)).toMatchObject({
      error: 'Object Not Found',
    });
  });

  it('refuses a replay to a missing exchange (nothing published) and reports unroutable messages', async () => {
    const { store } = ts;
    const queue = fresh('replay-bad-dest');
    const { exchange, routingKey } = await ttlQueue(queue, 60_000);
    store.archive.insertMany(synthetic(queue, `${exchange}.gone`, routingKey, 5));
    const input = {
      cluster: mq,
      vhost: '/',
      queue,
      since: null,
      until: null,
      reason: null,
      again: false,
      rate: null,
    };
    const e = await createRabbitReplay(store, input, cliActor(), 'cli').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReplayError);
    expect((e as Error).message).toMatch(/do not exist in vhost "\/": nothing published/);
    expect(store.jobs.activeFor(`replay:rabbitmq:mq///${queue}`)).toBeUndefined();

    // Unroutable: the exchange exists but no binding matches the routing key.
    const other = fresh('replay-unroutable');
    store.archive.insertMany(synthetic(other, exchange, 'no-such-binding', 4));
    const runner = testRunner(store);
    const { job } = await createRabbitReplay(
      store,
      { ...input, queue: other },
      cliActor(),
      'cli',
      runner.owner,
    );
    expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
    const cp = store.jobs.get(job?.id ?? '')?.checkpoint as { unroutable: number[]; published: number };
    expect(cp.unroutable).toHaveLength(4);
    expect(cp.published).toBe(0);
    expect(store.archive.count({ queue: other, replayed: false })).toBe(4);
    const c = await amqp();
    const probe = await c.createChannel();
    expect((await probe.checkQueue(queue)).messageCount).toBe(0);
    await c.close();
  });
});
