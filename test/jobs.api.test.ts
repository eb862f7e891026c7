/*
 * Scenario: an operator drives a Kafka drain from the dashboard's API. The real route handlers answer:
 * POST /api/drain/plan gives the dry run; POST /api/drain starts the job in the server's job runner (here
 * a JobRunnerService in this process); GET /api/jobs and /api/jobs/:id show it with progress, plan,
 * checkpoint, samples, workers and temp lag; pause, rate, resume and cancel act on it and are audited with
 * the request's actor. Bad bodies (unknown fields, missing target, bad factor) are 400s with the reason,
 * unknown jobs 404s, and nothing is created for them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as planPOST } from '../app/api/drain/plan/route';
import { POST as drainPOST } from '../app/api/drain/route';
import { POST as actionPOST } from '../app/api/jobs/[id]/[action]/route';
import { GET as jobGET } from '../app/api/jobs/[id]/route';
import { GET as jobsGET } from '../app/api/jobs/route';
import { ACTOR_HEADER } from '../lib/auth/actor';
import { configSchema } from '../lib/config';
import { createLogger } from '../lib/logger';
import { configEnv } from '../lib/recovery/jobs/env';
import { JobRunnerService } from '../lib/recovery/jobs/service';
import { setRuntime } from '../lib/runtime/context';
import { openStore, type Store } from '../lib/store';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { newSeq, produceKeyed, settle } from './helpers/drain';
import { kafkaFor } from './helpers/kafkajs';
import { setTestRuntime } from './helpers/runtime';
import { uniqueName } from './helpers/services';

const operator = JSON.stringify({ name: 'alice', role: 'operator', via: 'session' });
const post = (url: string, body: unknown) =>
  new Request(`http://127.0.0.1${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [ACTOR_HEADER]: operator },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field by the assertions
type Json = Record<string, any>;
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Json });

describe('jobs API: a Kafka drain through the route handlers', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let store: Store;
  let dir: string;
  let service: JobRunnerService;
  const topic = uniqueName('api-src');
  const group = uniqueName('api-g');

  const act = async (id: string, action: string, body: unknown = {}) =>
    json(
      await actionPOST(post(`/api/jobs/${id}/${action}`, body), { params: Promise.resolve({ id, action }) }),
    );
  const detail = async (id: string) =>
    json(await jobGET(new Request('http://127.0.0.1/'), { params: Promise.resolve({ id }) }));

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-jobs-api-'));
    store = openStore(dir);
    const config = configSchema.parse({
      dataDir: dir,
      clusters: [{ name: 'e', kind: 'kafka', brokers: [broker.bootstrap] }],
    });
    setTestRuntime(config, store);
    service = new JobRunnerService({
      store,
      env: configEnv(config),
      log: createLogger('test', { level: 'error' }),
    });
    await service.start();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    await produceKeyed(kafka, topic, 5000, 50, newSeq(), 'backlog');
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1].map((p) => ({ partition: p, offset: '0' })),
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    setRuntime(undefined);
    await admin?.disconnect();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await broker?.close();
  });

  it('rejects bad bodies with the reason and creates nothing', async () => {
    const unknownField = await json(
      await planPOST(post('/api/drain/plan', { topic, group, factor: 4, extra: 1 })),
    );
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body)).toMatch(/extra|Unrecognized/);
    expect((await json(await drainPOST(post('/api/drain', { group, factor: 4 })))).status).toBe(400);
    expect((await json(await drainPOST(post('/api/drain', { topic, group, factor: 1 })))).status).toBe(400);
    expect((await json(await drainPOST(post('/api/drain', '{not json')))).body.error).toBe(
      'the body is not valid JSON',
    );
    const unknownTopic = await json(await drainPOST(post('/api/drain', { topic: 'nope', group, factor: 4 })));
    expect(unknownTopic).toEqual({ status: 404, body: { error: 'unknown topic "nope" on cluster e' } });
    expect((await act('j-nosuchjob', 'pause')).status).toBe(404);
    expect(store.jobs.list()).toEqual([]);
    expect((await admin.listTopics()).filter((t) => t.includes('.drain.'))).toEqual([]);
  });

  it('plans, starts, shows, pauses, changes the rate, resumes and cancels', async () => {
    const plan = await json(await planPOST(post('/api/drain/plan', { topic, group, factor: 4 })));
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ kind: 'drain-kafka', cluster: 'e', refusal: null });
    expect(plan.body.plan).toMatchObject({ tempPartitions: 8, backlog: 5000, factor: 4 });

    const started = await json(
      await drainPOST(post('/api/drain', { topic, group, factor: 4, rateLimit: 500 })),
    );
    expect(started.status).toBe(200);
    const id = started.body.job.id as string;
    expect(started.body.job).toMatchObject({ kind: 'drain-kafka', createdBy: 'alice', rateLimit: 500 });
    await settle(() => expect(store.jobs.require(id)).toMatchObject({ state: 'running' }), {
      timeoutMs: 30_000,
    });
    await settle(() => expect(store.jobs.require(id).done).toBeGreaterThan(0), { timeoutMs: 30_000 });

    const list = await json(await jobsGET(new Request('http://127.0.0.1/api/jobs')));
    expect(list.body.jobs.map((j: { id: string }) => j.id)).toEqual([id]);

    expect((await act(id, 'pause')).status).toBe(200);
    await settle(() => expect(store.jobs.require(id).state).toBe('paused'), { timeoutMs: 10_000 });
    expect((await act(id, 'rate', { rate: 'fast' })).status).toBe(400);
    expect((await act(id, 'rate', { rate: 2000 })).body.job.rateLimit).toBe(2000);
    expect((await act(id, 'resume')).status).toBe(200);
    await settle(() => expect(store.jobs.require(id).state).toBe('running'), { timeoutMs: 10_000 });

    const d = await detail(id);
    expect(d.status).toBe(200);
    expect(d.body.drain).toMatchObject({
      id,
      kind: 'drain-kafka',
      factor: 4,
      tempTopic: `${topic}.drain.${id}`,
      workers: 0,
    });
    expect(typeof d.body.drain.tempLag).toBe('number');
    expect(Object.keys(d.body.checkpoint.next)).toEqual(['0', '1']);
    expect(Array.isArray(d.body.samples)).toBe(true);

    expect((await act(id, 'cancel')).status).toBe(200);
    await settle(() => expect(store.jobs.require(id).state).toBe('cancelled'), { timeoutMs: 15_000 });
    const refused = await act(id, 'resume');
    expect(refused).toEqual({ status: 409, body: { error: `job ${id} is cancelled; nothing to resume` } });
    const audit = store.auditLog
      .list({ target: id })
      .filter((e) => e.actor === 'alice')
      .map((e) => `${e.action}:${e.result}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'drain-kafka.start:ok',
        'drain-kafka.pause:ok',
        'drain-kafka.rate:ok',
        'drain-kafka.resume:ok',
        'drain-kafka.cancel:ok',
        'drain-kafka.resume:error',
      ]),
    );
  }, 120_000);
});
