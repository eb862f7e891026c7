// Scenario: `replay kafka` copies offsets [from, to) of a 3-partition topic to a target topic — exactly
// those offsets, in order per partition, with key, value, headers and timestamp kept and provenance headers
// added — on the embedded broker and Apache Kafka; a time range selects the records at or after --from's
// time and before --to's.
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import { kafkaCluster as kafkaClusterSchema } from '../lib/config';
import { controlJob, setJobRate } from '../lib/recovery/jobs/control';
import { createKafkaRange } from '../lib/recovery/replay/kafka/range-plan';
import { startTestBroker } from './helpers/broker';
import { describeService, eventually, KAFKA_BROKERS, uniqueName } from './helpers/services';
import { testClient } from './helpers/source-kafka';
import { type TempStore, tempStore, testRunner } from './replay.helpers';

const PER_PARTITION = 30;

interface Fixture {
  bootstrap: string[];
  close(): Promise<void>;
}

interface Seen {
  partition: number;
  key: string;
  value: string;
  timestamp: string;
  headers: Record<string, string>;
}

function suite(name: string, start: () => Promise<Fixture>): void {
  describe(name, () => {
    let fx: Fixture;
    let kafka: Kafka;
    let admin: Admin;
    let ts: TempStore;
    const base = Date.now() - 600_000;
    const tsOf = (p: number, o: number) => base + o * 1000 + p;

    beforeAll(async () => {
      fx = await start();
      kafka = testClient(fx.bootstrap, uniqueName('replay-kafka'));
      admin = kafka.admin();
      await admin.connect();
      ts = tempStore();
    });
    afterAll(async () => {
      ts?.close();
      await admin?.disconnect();
      await fx?.close();
    });

    const cluster = () => kafkaClusterSchema.parse({ name: 'k', kind: 'kafka', brokers: fx.bootstrap });

    async function source(): Promise<{ topic: string; target: string }> {
      const topic = uniqueName('replay-src');
      const target = uniqueName('replay-dst');
      await admin.createTopics({
        topics: [
          { topic, numPartitions: 3 },
          { topic: target, numPartitions: 3 },
        ],
        waitForLeaders: true,
      });
      const producer = kafka.producer();
      await producer.connect();
      for (let p = 0; p < 3; p++) {
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: PER_PARTITION }, (_, o) => ({
            partition: p,
            key: `k${p}-${o % 4}`,
            value: `v${p}-${o}`,
            timestamp: String(tsOf(p, o)),
            headers: { origin: `h${p}-${o}` },
          })),
        });
      }
      await producer.disconnect();
      return { topic, target };
    }

    async function readAll(topic: string, expected: number): Promise<Seen[]> {
      const consumer = kafka.consumer({ groupId: uniqueName('replay-reader') });
      const seen: Seen[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.push({
            partition,
            key: String(message.key),
            value: String(message.value),
            timestamp: message.timestamp,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
        },
      });
      try {
        await eventually(() => (seen.length >= expected ? true : undefined), {
          timeoutMs: 30_000,
          what: `${expected} read`,
        });
      } finally {
        await consumer.disconnect();
      }
      return seen;
    }

    it('copies exactly offsets [5, 25) of every partition, in order, with keys, headers, timestamps and provenance', async () => {
      const { topic, target } = await source();
      const runner = testRunner(ts.store, [cluster()]);
      const { preview, job } = await createKafkaRange(
        ts.store,
        {
          cluster: cluster(),
          topic,
          target,
          from: { kind: 'offset', offset: 5 },
          to: { kind: 'offset', offset: 25 },
          rate: null,
        },
        cliActor(),
        'cli',
        runner.owner,
      );
      expect(preview.total).toBe(60);
      expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
      const seen = await readAll(target, 60);
      expect(seen).toHaveLength(60);
      for (let p = 0; p < 3; p++) {
        const part = seen.filter((s) => s.partition === p);
        expect(part.map((s) => s.value)).toEqual(Array.from({ length: 20 }, (_, i) => `v${p}-${i + 5}`));
        expect(part.map((s) => s.headers['spillway-source-offset'])).toEqual(
          Array.from({ length: 20 }, (_, i) => String(i + 5)),
        );
        const first = part[0];
        expect(first).toMatchObject({ key: `k${p}-${5 % 4}`, timestamp: String(tsOf(p, 5)) });
        expect(first?.headers).toMatchObject({
          origin: `h${p}-5`,
          'spillway-source-topic': topic,
          'spillway-source-partition': String(p),
        });
      }
    });

    it('pauses mid-copy and resumes from its checkpoint: every offset exactly once, in order', async () => {
      const { topic, target } = await source();
      const runner = testRunner(ts.store, [cluster()]);
      const { job } = await createKafkaRange(
        ts.store,
        {
          cluster: cluster(),
          topic,
          target,
          from: { kind: 'offset', offset: 0 },
          to: { kind: 'offset', offset: 30 },
          rate: 40,
        },
        cliActor(),
        'cli',
        runner.owner,
      );
      const id = job?.id ?? '';
      const first = runner.runJob(id, { stayWhilePaused: false });
      await eventually(() => ((ts.store.jobs.get(id)?.done ?? 0) >= 20 ? true : undefined), {
        timeoutMs: 30_000,
        what: '20 copied',
      });
      controlJob(ts.store, id, 'pause', cliActor());
      expect(await first).toBe('paused');
      const paused = ts.store.jobs.get(id)?.done ?? 0;
      expect(paused).toBeLessThan(90);
      controlJob(ts.store, id, 'resume', cliActor());
      setJobRate(ts.store, id, null, cliActor());
      expect(await runner.runJob(id, { exitOnError: true })).toBe('completed');
      const seen = await readAll(target, 90);
      expect(seen).toHaveLength(90);
      for (let p = 0; p < 3; p++) {
        expect(seen.filter((s) => s.partition === p).map((s) => s.value)).toEqual(
          Array.from({ length: 30 }, (_, i) => `v${p}-${i}`),
        );
      }
    });

    it('a time range selects the records with from <= timestamp < to', async () => {
      const { topic, target } = await source();
      const runner = testRunner(ts.store, [cluster()]);
      const { preview, job } = await createKafkaRange(
        ts.store,
        {
          cluster: cluster(),
          topic,
          target,
          from: { kind: 'time', at: base + 10_000 },
          to: { kind: 'time', at: base + 13_000 },
          rate: null,
        },
        cliActor(),
        'cli',
        runner.owner,
      );
      // Partition 0: offsets 10, 11, 12 (timestamps base+10s..12s); partitions 1, 2: offsets 10, 11, 12 too
      // (their timestamps are 1-2 ms later, still before base+13s).
      expect(preview.partitions.map((p) => [p.from, p.to])).toEqual([
        [10, 13],
        [10, 13],
        [10, 13],
      ]);
      expect(await runner.runJob(job?.id ?? '', { exitOnError: true })).toBe('completed');
      const seen = await readAll(target, 9);
      expect(seen.map((s) => s.value).sort()).toEqual([
        'v0-10',
        'v0-11',
        'v0-12',
        'v1-10',
        'v1-11',
        'v1-12',
        'v2-10',
        'v2-11',
        'v2-12',
      ]);
    });
  });
}

suite('replay kafka on the embedded broker', async () => {
  const b = await startTestBroker();
  return { bootstrap: [b.bootstrap], close: () => b.close() };
});

describeService('kafka', 'replay kafka on Apache Kafka', () => {
  suite('Apache Kafka', async () => ({ bootstrap: [...KAFKA_BROKERS], close: async () => undefined }));
});
