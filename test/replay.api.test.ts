// Scenario: the replay/offsets/archive JSON API, called as Next.js would call the route handlers (Request in,
// result out) against a runtime holding a temp store: filters and paging of the archive, one message with
// its body, zod 400s naming the field, a file upload preview listing invalid rows with line numbers, the
// audit entry of a refused capture, 404 for an unknown queue.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTOR_HEADER } from '../lib/auth/actor';
import type { Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { configEnv } from '../lib/recovery/jobs/env';
import { JobRunnerService } from '../lib/recovery/jobs/service';
import { archiveList, archiveMessage } from '../lib/recovery/replay/api/archive-api';
import { offsetsResetPost } from '../lib/recovery/replay/api/offsets-api';
import { capturePost, replayFilePost } from '../lib/recovery/replay/api/replay-api';
import { setRuntime } from '../lib/runtime/context';
import { setTestRuntime } from './helpers/runtime';
import { describeService, eventually, uniqueName } from './helpers/services';
import { amqp, cleanup, mq, type TempStore, tempStore, ttlQueue } from './replay.helpers';

describeService(['rabbitmq', 'rabbitmq-management'], 'replay, archive and offsets API', () => {
  let ts: TempStore;
  const queue = uniqueName('replay-api');
  const actor = JSON.stringify({ name: 'alice', role: 'operator', via: 'session' });

  beforeAll(() => {
    ts = tempStore();
    setTestRuntime({ clusters: [mq], dataDir: ts.dir } as unknown as Config, ts.store);
    ts.store.archive.insertMany(
      Array.from({ length: 5 }, (_, i) => {
        const body = Buffer.from(i === 0 ? '{"hello":"world"}' : `m${i}`);
        return {
          cluster: 'mq',
          vhost: '/',
          queue,
          exchange: 'orders',
          routingKeys: ['rk'],
          messageId: `id-${i}`,
          body,
          properties: { messageId: `id-${i}` },
          headers: {},
          deathQueue: queue,
          deathReason: i < 3 ? 'expired' : 'rejected',
          deathTime: Date.now(),
          deathExchange: 'orders',
          deathRoutingKeys: ['rk'],
          deathCount: 1,
          sha256: createHash('sha256').update(body).digest('hex'),
        };
      }),
    );
  });
  afterAll(() => {
    setRuntime(undefined);
    ts?.close();
  });

  it('GET /api/archive filters by queue and reason and pages; GET /api/archive/{id} shows the body', () => {
    const r = archiveList(new URLSearchParams({ queue, reason: 'expired', limit: '2' }));
    expect(r.status).toBe(200);
    const body = r.body as {
      total: number;
      messages: Array<{ id: number; messageId: string }>;
      next: number | null;
    };
    expect(body.total).toBe(3);
    expect(body.messages.map((m) => m.messageId)).toEqual(['id-0', 'id-1']);
    const page2 = archiveList(new URLSearchParams({ queue, reason: 'expired', after: String(body.next) }))
      .body as typeof body;
    expect(page2.messages.map((m) => m.messageId)).toEqual(['id-2']);
    const bad = archiveList(new URLSearchParams({ reason: 'bogus' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('reason');
    const one = archiveMessage(String(body.messages[0]?.id));
    expect(one.body).toMatchObject({
      messageId: 'id-0',
      body: { encoding: 'utf8', data: '{"hello":"world"}' },
    });
    expect(archiveMessage('999999').status).toBe(404);
  });

  it('POST /api/replay/file previews an upload with invalid rows and their line numbers', async () => {
    const form = new FormData();
    form.set('file', new File(['{"id":"a","rk":"x"}\n{broken\n{"rk":"y"}\n'], 'lost.ndjson'));
    form.set(
      'options',
      JSON.stringify({
        idField: 'id',
        target: {
          kind: 'rabbitmq',
          cluster: 'mq',
          vhost: '/',
          exchange: 'amq.direct',
          routingKeyField: 'rk',
        },
      }),
    );
    const r = await replayFilePost(new Request('http://x/api/replay/file', { method: 'POST', body: form }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      dryRun: true,
      count: 3,
      invalidCount: 2,
      invalid: [{ line: 2 }, { line: 3, error: 'missing id field "id"' }],
    });
  });

  it('POST /api/replay/file without dryRun starts a server job that publishes each row once', async () => {
    const q = uniqueName('replay-api-file');
    const { exchange, routingKey } = await ttlQueue(q, 600_000);
    const service = new JobRunnerService({
      store: ts.store,
      env: configEnv({ clusters: [mq] } as unknown as Config),
      log: createLogger('test.jobs'),
    });
    await service.start();
    const conn = await amqp();
    try {
      const upload = async () => {
        const form = new FormData();
        form.set(
          'file',
          new File(
            [
              Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `u${i}`, rk: routingKey })).join(
                '\n',
              ),
            ],
            'u.ndjson',
          ),
        );
        form.set(
          'options',
          JSON.stringify({
            idField: 'id',
            dryRun: false,
            target: { kind: 'rabbitmq', cluster: 'mq', vhost: '/', exchange, routingKeyField: 'rk' },
          }),
        );
        return replayFilePost(
          new Request('http://x/api/replay/file', {
            method: 'POST',
            body: form,
            headers: { [ACTOR_HEADER]: actor },
          }),
        );
      };
      const first = await upload();
      expect(first.status).toBe(200);
      const jobId = (first.body as { job: { id: string } }).job.id;
      await eventually(() => (ts.store.jobs.get(jobId)?.state === 'completed' ? true : undefined), {
        what: 'job completed',
      });
      const second = await upload();
      expect(second.body).toMatchObject({ alreadyPublished: 10, toPublish: 0, job: null });
      const ch = await conn.createChannel();
      expect((await ch.checkQueue(q)).messageCount).toBe(10);
      expect(ts.store.auditLog.list({ action: 'replay-file.start' })[0]).toMatchObject({
        actor: 'alice',
        target: jobId,
      });
    } finally {
      await service.stop();
      await conn.close();
      await cleanup(q);
    }
  });

  it('validates bodies (400 naming the field), 404 for an unknown queue with an audit entry', async () => {
    const post = (body: unknown) =>
      new Request('http://x', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { [ACTOR_HEADER]: actor },
      });
    const r1 = await offsetsResetPost(post({ group: 'g', topic: 't' }));
    expect(r1.status).toBe(400);
    expect(JSON.stringify(r1.body)).toContain('"path":"to"');
    const r2 = await capturePost(post({ queue: `${queue}-missing`, action: 'start' }));
    expect(r2.status).toBe(404);
    expect((r2.body as { error: string }).error).toMatch(/not found in vhost/);
    const [entry] = ts.store.auditLog.list({ action: 'replay.capture' });
    expect(entry).toMatchObject({
      actor: 'alice',
      result: 'error',
      target: `rabbitmq:mq///${queue}-missing`,
    });
  });
});
