// Scenarios: replaying lost data from a file. An NDJSON file to a RabbitMQ exchange and a CSV file to a
// Kafka topic (embedded broker), each run twice: every id arrives exactly once (the ledger makes the second
// run publish nothing). Bad input — a malformed NDJSON line, a missing id field, an unknown exchange — is a
// clear error naming the line, and nothing is published.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { kafkaCluster as kafkaClusterSchema } from '../lib/config';
import { ReplayError } from '../lib/recovery/replay/errors';
import { createFileReplay, previewFileReplay } from '../lib/recovery/replay/file/file-plan';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { describeService, eventually, uniqueName } from './helpers/services';
import { testClient } from './helpers/source-kafka';
import { amqp, cleanup, mq, type TempStore, tempStore, testRunner, ttlQueue } from './replay.helpers';

describeService(['rabbitmq', 'rabbitmq-management'], 'file replay to RabbitMQ', () => {
  let ts: TempStore;
  const queue = uniqueName('replay-file');

  beforeAll(() => {
    ts = tempStore();
  });
  afterAll(async () => {
    await cleanup(queue);
    ts?.close();
  });

  it('publishes each id once over two runs; bad rows and an unknown exchange publish nothing', async () => {
    const { store } = ts;
    const { exchange, routingKey } = await ttlQueue(queue, 600_000);
    const target = { kind: 'rabbitmq' as const, cluster: 'mq', vhost: '/', exchange, routingKeyField: 'rk' };
    const conn = await amqp();
    const probe = await conn.createChannel();
    const depth = async () => (await probe.checkQueue(queue)).messageCount;
    try {
      const bad = path.join(ts.dir, 'bad.ndjson');
      writeFileSync(
        bad,
        `{"id":"a","rk":"${routingKey}"}\n{"id":"b","rk":"${routingKey}"}\n{"id":"c",\n{"rk":"${routingKey}"}\n`,
      );
      const p = previewFileReplay(store, { file: bad, idField: 'id', target, rate: null });
      expect(p.invalid).toEqual([
        { line: 3, error: expect.stringMatching(/^malformed JSON/) },
        { line: 4, error: 'missing id field "id"' },
      ]);
      const e1 = await createFileReplay(
        store,
        ts.dir,
        mq,
        { file: bad, idField: 'id', target, rate: null },
        cliActor(),
        'cli',
      ).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(ReplayError);
      expect((e1 as Error).message).toMatch(
        /2 invalid row\(s\) in bad\.ndjson \(line 3: malformed JSON.*line 4: missing id field "id"\): fix the file; nothing published/,
      );

      const good = path.join(ts.dir, 'lost.ndjson');
      const rows = Array.from({ length: 50 }, (_, i) =>
        JSON.stringify({ id: `o-${i}`, rk: routingKey, amount: i }),
      );
      writeFileSync(good, `${rows.join('\n')}\n${rows[7]}\n`); // one duplicate id
      const e2 = await createFileReplay(
        store,
        ts.dir,
        mq,
        { file: good, idField: 'id', target: { ...target, exchange: `${exchange}.nope` }, rate: null },
        cliActor(),
        'cli',
      ).catch((e: unknown) => e);
      expect((e2 as Error).message).toMatch(
        /exchange ".*\.nope" does not exist in vhost "\/": nothing published/,
      );
      expect(await depth()).toBe(0);

      for (const run of [1, 2]) {
        const runner = testRunner(store);
        const { preview, job } = await createFileReplay(
          store,
          ts.dir,
          mq,
          { file: good, idField: 'id', target, rate: 500 },
          cliActor(),
          'cli',
          runner.owner,
        );
        if (run === 1) {
          expect(preview).toMatchObject({ count: 51, duplicateIds: 1, alreadyPublished: 0, toPublish: 50 });
          expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
        } else {
          expect(preview).toMatchObject({ alreadyPublished: 50, toPublish: 0 });
          expect(job).toBeNull();
        }
      }
      await eventually(async () => ((await depth()) === 50 ? true : undefined), { what: '50 in the queue' });
      const ids: string[] = [];
      for (;;) {
        const m = await probe.get(queue, { noAck: true });
        if (!m) break;
        ids.push(String(m.properties.messageId));
        expect(JSON.parse(String(m.content))).toMatchObject({ id: m.properties.messageId, rk: routingKey });
      }
      expect(ids.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `o-${i}`).sort());
      expect(store.replayLedger.count(`rabbitmq:mq///${exchange}`)).toBe(50);
    } finally {
      await conn.close().catch(() => undefined);
    }
  });
});

describe('file replay to Kafka (embedded broker)', () => {
  let b: TestBroker;
  let ts: TempStore;
  beforeAll(async () => {
    b = await startTestBroker();
    ts = tempStore();
  });
  afterAll(async () => {
    ts?.close();
    await b?.close();
  });

  it('a CSV file run twice: each id once, keyed', async () => {
    const cluster = kafkaClusterSchema.parse({ name: 'k', kind: 'kafka', brokers: [b.bootstrap] });
    const kafka = testClient([b.bootstrap], 'replay-file-test');
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('replay-file-topic');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const file = path.join(ts.dir, 'orders.csv');
    writeFileSync(
      file,
      `order_id,customer,note\n${Array.from({ length: 30 }, (_, i) => `${i},c${i % 3},"x, ""y"""`).join('\n')}\n`,
    );
    const target = { kind: 'kafka' as const, cluster: 'k', topic, keyField: 'customer' };
    for (const run of [1, 2]) {
      const runner = testRunner(ts.store, [cluster]);
      const { job } = await createFileReplay(
        ts.store,
        ts.dir,
        cluster,
        { file, idField: 'order_id', target, rate: null },
        cliActor(),
        'cli',
        runner.owner,
      );
      if (run === 1) expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
      else expect(job).toBeNull();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((a, o) => a + Number(o.high), 0)).toBe(30);
    const consumer = kafka.consumer({ groupId: uniqueName('replay-file-reader') });
    const seen: Array<{ key: string; id: string; note: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const v = JSON.parse(String(message.value)) as { order_id: string; note: string };
        seen.push({ key: String(message.key), id: v.order_id, note: v.note });
      },
    });
    await eventually(() => (seen.length >= 30 ? true : undefined), { what: '30 records' });
    await consumer.disconnect();
    await admin.disconnect();
    expect(seen.map((s) => s.id).sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
    expect(seen.find((s) => s.id === '4')).toEqual({ key: 'c1', id: '4', note: 'x, "y"' });
  });
});
