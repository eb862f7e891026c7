/*
 * Scenario: an operator drives a RabbitMQ drain from the dashboard's API (the real route handlers, the job
 * runner service in this process, the real RabbitMQ in a vhost of its own): POST /api/drain/plan with
 * {queue, key, vhost, factor} gives the dry run with the temp queue names; bad bodies (bad key, factor 1,
 * unknown queue) are 4xx with the reason and declare nothing; POST /api/drain starts the job; GET
 * /api/jobs/:id shows tempQueues, workers (the test's consumers on the temp queues) and temp lag; restore
 * completes once the workers emptied the temp queues, and deletes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POST as planPOST } from '../app/api/drain/plan/route';
import { POST as drainPOST } from '../app/api/drain/route';
import { POST as actionPOST } from '../app/api/jobs/[id]/[action]/route';
import { GET as jobGET } from '../app/api/jobs/[id]/route';
import { ACTOR_HEADER } from '../lib/auth/actor';
import { configSchema } from '../lib/config';
import { createLogger } from '../lib/logger';
import { configEnv } from '../lib/recovery/jobs/env';
import { JobRunnerService } from '../lib/recovery/jobs/service';
import { setRuntime } from '../lib/runtime/context';
import { openStore, type Store } from '../lib/store';
import { drainCluster, publishBacklog, queueNames, startWorkers } from './helpers/drain-rabbit';
import { setTestRuntime } from './helpers/runtime';
import { describeService, eventually, uniqueName } from './helpers/services';
import { createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';

const operator = JSON.stringify({ name: 'alice', role: 'operator', via: 'session' });
const post = (url: string, body: unknown) =>
  new Request(`http://127.0.0.1${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ACTOR_HEADER]: operator },
    body: JSON.stringify(body),
  });
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field by the assertions
type Json = Record<string, any>;
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Json });

describeService(
  ['rabbitmq', 'rabbitmq-management'],
  'jobs API: a RabbitMQ drain through the route handlers',
  () => {
    const vhost = uniqueName('drain-api');
    let store: Store;
    let dir: string;
    let service: JobRunnerService;

    const act = async (id: string, action: string, body: unknown = {}) =>
      json(
        await actionPOST(post(`/api/jobs/${id}/${action}`, body), {
          params: Promise.resolve({ id, action }),
        }),
      );
    const detail = async (id: string) =>
      json(await jobGET(new Request('http://127.0.0.1/'), { params: Promise.resolve({ id }) }));

    beforeAll(async () => {
      await createTestVhost(vhost);
      await publishBacklog(vhost, 'orders', { to: 5_000, keys: 50, declare: 'classic' });
      dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-rabbit-api-'));
      store = openStore(dir);
      const config = configSchema.parse({
        dataDir: dir,
        clusters: [{ ...drainCluster(vhost), name: 'rmq' }],
      });
      setTestRuntime(config, store);
      service = new JobRunnerService({
        store,
        env: configEnv(config),
        log: createLogger('test', { level: 'error' }),
      });
      await service.start();
    }, 60_000);

    afterAll(async () => {
      await service?.stop();
      setRuntime(undefined);
      store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      await deleteTestVhost(vhost);
    });

    it('refuses bad bodies with the reason and declares nothing', async () => {
      const badKey = await json(
        await drainPOST(post('/api/drain', { queue: 'orders', vhost, key: 'body', factor: 4 })),
      );
      expect(badKey.status).toBe(400);
      expect(badKey.body.error).toMatch(/header:<name>, messageId, routingKey/);
      const factor = await json(
        await drainPOST(post('/api/drain', { queue: 'orders', vhost, key: 'header:orderId', factor: 1 })),
      );
      expect(factor.status).toBe(400);
      const unknown = await json(
        await drainPOST(post('/api/drain', { queue: 'nope', vhost, key: 'header:orderId', factor: 4 })),
      );
      expect(unknown).toEqual({ status: 404, body: { error: `queue "nope" not found in vhost "${vhost}"` } });
      expect(store.jobs.list()).toEqual([]);
      expect(await queueNames(vhost)).toEqual(['orders']);
    });

    it('plans, starts, shows workers and temp lag, and restores', async () => {
      const body = { queue: 'orders', vhost, key: 'header:orderId', factor: 4 };
      const plan = await json(await planPOST(post('/api/drain/plan', body)));
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({ kind: 'drain-rabbitmq', cluster: 'rmq', refusal: null });
      expect(plan.body.plan).toMatchObject({ queue: 'orders', ready: 5_000, consumers: 0, factor: 4 });

      const started = await json(await drainPOST(post('/api/drain', body)));
      expect(started.status).toBe(200);
      const id = started.body.job.id as string;
      expect(started.body.job).toMatchObject({ kind: 'drain-rabbitmq', createdBy: 'alice' });
      const temps = [0, 1, 2, 3].map((i) => `orders.drain.${id}.${i}`);
      await eventually(() => (store.jobs.require(id).done >= 5_000 ? true : undefined), {
        timeoutMs: 60_000,
        what: 'dispatched',
      });
      const before = await detail(id);
      expect(before.body.drain).toMatchObject({
        id,
        kind: 'drain-rabbitmq',
        factor: 4,
        tempQueues: temps,
        workers: 0,
      });
      expect(before.body.drain.tempLag).toBe(5_000);

      const workers = await startWorkers(vhost, temps, id, 0);
      try {
        const during = await detail(id);
        expect(during.body.drain.workers).toBe(4);
        expect((await act(id, 'restore')).status).toBe(200);
        await eventually(() => (store.jobs.require(id).state === 'completed' ? true : undefined), {
          timeoutMs: 60_000,
          what: 'restore completed',
        });
      } finally {
        await workers.close();
      }
      expect(workers.tally.seen.size).toBe(5_000);
      expect(workers.tally.orderViolations).toEqual([]);
      expect(await queueNames(vhost)).toEqual(['orders']);
      const audit = store.auditLog.list({ target: id }).map((e) => `${e.action}:${e.result}`);
      expect(audit).toEqual(
        expect.arrayContaining([
          'drain-rabbitmq.start:ok',
          'drain-rabbitmq.restore:ok',
          'drain-rabbitmq.restored:ok',
        ]),
      );
    }, 120_000);
  },
);
