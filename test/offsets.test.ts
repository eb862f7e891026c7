// Scenario: `spillway offsets reset` / `undo` on the embedded broker and Apache Kafka. A 3-partition topic
// holds 30 records with explicit timestamps; the group has known commits. Resetting to a time makes a
// consumer of the group re-consume exactly the records with timestamp >= that time; undo restores the
// earlier commits exactly; a group with an active member is refused and nothing changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import { kafkaCluster as kafkaClusterSchema } from '../lib/config';
import { ReplayError } from '../lib/recovery/replay/errors';
import {
  applyOffsetReset,
  applyOffsetUndo,
  planOffsetReset,
  planOffsetUndo,
} from '../lib/recovery/replay/kafka/offsets-reset';
import { openStore, type Store } from '../lib/store';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { describeService, eventually, KAFKA_BROKERS, uniqueName } from './helpers/services';
import { testClient } from './helpers/source-kafka';

const PARTITIONS = 3;
const COUNT = 30;

interface Fixture {
  bootstrap: string[];
  close(): Promise<void>;
}

function suite(name: string, start: () => Promise<Fixture>): void {
  describe(name, () => {
    let fx: Fixture;
    let kafka: Kafka;
    let admin: Admin;
    let store: Store;
    let dataDir: string;
    const base = Date.now() - 120_000;
    const tsOf = (i: number) => base + i * 1000;

    beforeAll(async () => {
      fx = await start();
      kafka = testClient(fx.bootstrap, uniqueName('offsets-test'));
      admin = kafka.admin();
      await admin.connect();
      dataDir = mkdtempSync(path.join(tmpdir(), 'spillway-offsets-'));
      store = openStore(dataDir);
    });
    afterAll(async () => {
      store?.close();
      await admin?.disconnect();
      await fx?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const cluster = () => kafkaClusterSchema.parse({ name: 'k', kind: 'kafka', brokers: fx.bootstrap });

    /** Topic with COUNT records, record i on partition i % 3 with timestamp base + i s and value `i`. */
    async function topicWithRecords(): Promise<string> {
      const topic = uniqueName('offsets-topic');
      await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      for (let i = 0; i < COUNT; i++) {
        await producer.send({
          topic,
          acks: -1,
          messages: [{ partition: i % PARTITIONS, value: String(i), timestamp: String(tsOf(i)) }],
        });
      }
      await producer.disconnect();
      return topic;
    }

    async function committed(group: string, topic: string): Promise<Record<number, number>> {
      const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    }

    async function consumeUntil(group: string, topic: string, expected: number): Promise<number[]> {
      const consumer: Consumer = kafka.consumer({ groupId: group });
      const seen: number[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(Number(String(message.value)));
        },
      });
      try {
        await eventually(() => (seen.length >= expected ? true : undefined), {
          timeoutMs: 30_000,
          what: `${expected} messages`,
        });
        // The group commits what it consumed; wait until the commits reach the end of the log.
        await eventually(
          async () => {
            const c = await committed(group, topic);
            return [0, 1, 2].every((p) => c[p] === COUNT / PARTITIONS) ? true : undefined;
          },
          { timeoutMs: 30_000, what: 'commits at the end' },
        );
      } finally {
        await consumer.disconnect();
      }
      return seen;
    }

    it('resets to a time: the group re-consumes exactly the records at or after it; undo restores the commits', async () => {
      const topic = await topicWithRecords();
      const group = uniqueName('offsets-group');
      // The group's commits before the reset: partition 0 at 9 (its end), 1 at 4, 2 at 10 (end).
      const before = { 0: 10, 1: 4, 2: 10 };
      await admin.setOffsets({
        groupId: group,
        topic,
        partitions: Object.entries(before).map(([p, o]) => ({ partition: Number(p), offset: String(o) })),
      });
      const cut = tsOf(12); // records 12..29 have timestamp >= cut
      const to = { kind: 'time' as const, at: cut };
      const expected = Array.from({ length: COUNT }, (_, i) => i).filter((i) => tsOf(i) >= cut);

      const plan = await planOffsetReset({ cluster: cluster(), group, topic, to });
      expect(plan.partitions.map((p) => [p.partition, p.current, p.target])).toEqual([
        [0, 10, 4],
        [1, 4, 4],
        [2, 10, 4],
      ]);
      expect(plan.reconsume).toBe(12);
      expect(await committed(group, topic)).toEqual(before); // a dry run changes nothing

      const { snapshot } = await applyOffsetReset({ cluster: cluster(), group, topic, to }, store, 'test');
      expect(await committed(group, topic)).toEqual({ 0: 4, 1: 4, 2: 4 });
      expect(snapshot.id).toMatch(/^[0-9a-f]{12}$/);

      const seen = await consumeUntil(group, topic, expected.length);
      expect([...seen].sort((a, b) => a - b)).toEqual(expected);

      const undo = await planOffsetUndo(store, cluster(), snapshot.id);
      expect(undo.partitions.map((p) => p.restore)).toEqual([10, 4, 10]);
      await applyOffsetUndo(store, cluster(), snapshot.id, 'test');
      expect(await committed(group, topic)).toEqual(before);
      expect(store.offsetSnapshots.get(snapshot.id)?.undoneAt).not.toBeNull();
    });

    it('refuses a group with an active member and changes nothing', async () => {
      const topic = await topicWithRecords();
      const group = uniqueName('offsets-active');
      const consumer = kafka.consumer({ groupId: group });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      let n = 0;
      await consumer.run({
        eachMessage: async () => {
          n += 1;
        },
      });
      try {
        await eventually(() => (n >= COUNT ? true : undefined), { timeoutMs: 30_000, what: 'consumed' });
        const c0 = await eventually(async () => {
          const c = await committed(group, topic);
          return [0, 1, 2].every((p) => c[p] === 10) ? c : undefined;
        });
        const error = await applyOffsetReset(
          { cluster: cluster(), group, topic, to: { kind: 'earliest' } },
          store,
          'test',
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ReplayError);
        expect((error as Error).message).toMatch(/active member/);
        expect(await committed(group, topic)).toEqual(c0);
        expect(store.offsetSnapshots.list({ group })).toHaveLength(0);
      } finally {
        await consumer.disconnect();
      }
    });

    it('CLI: dry run by default, --yes applies and prints the undo id, undo --yes restores; unknown topic is one line', async () => {
      const topic = await topicWithRecords();
      const group = uniqueName('offsets-cli');
      await admin.setOffsets({
        groupId: group,
        topic,
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '10' })),
      });
      const run = async (...args: string[]) => {
        let out = '';
        let err = '';
        const code = await main(['node', 'spillway', '--kafka', fx.bootstrap.join(','), ...args], {
          out: (s) => {
            out += s;
          },
          err: (s) => {
            err += s;
          },
        });
        return { code, out, err };
      };
      const saved = process.env.SPILLWAY_DATA_DIR;
      process.env.SPILLWAY_DATA_DIR = dataDir;
      const stdout: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((s: string) => {
        stdout.push(String(s));
        return true;
      }) as typeof process.stdout.write;
      try {
        const dry = await run('--json', 'offsets', 'reset', '--group', group, '--topic', topic, '--to', '3');
        expect(dry.code).toBe(0);
        const dryPlan = JSON.parse(stdout.pop() ?? '{}');
        expect(dryPlan.dryRun).toBe(true);
        expect(dryPlan.reconsume).toBe(21);
        expect(await committed(group, topic)).toEqual({ 0: 10, 1: 10, 2: 10 });

        const applied = await run(
          '--json',
          'offsets',
          'reset',
          '--group',
          group,
          '--topic',
          topic,
          '--to',
          '3',
          '--yes',
        );
        expect(applied.code).toBe(0);
        const appliedPlan = JSON.parse(stdout.pop() ?? '{}');
        expect(await committed(group, topic)).toEqual({ 0: 3, 1: 3, 2: 3 });

        const undone = await run('offsets', 'undo', appliedPlan.snapshotId, '--yes');
        expect(undone.code).toBe(0);
        expect(stdout.pop()).toMatch(/^Undone reset/);
        expect(await committed(group, topic)).toEqual({ 0: 10, 1: 10, 2: 10 });

        const missing = await run(
          'offsets',
          'reset',
          '--group',
          group,
          '--topic',
          `${topic}-nope`,
          '--to',
          'earliest',
        );
        expect(missing.code).toBe(1);
        expect(missing.err.trim().split('\n')).toHaveLength(1);
        expect(missing.err).toMatch(/does not exist/);
      } finally {
        process.stdout.write = write;
        if (saved === undefined) delete process.env.SPILLWAY_DATA_DIR;
        else process.env.SPILLWAY_DATA_DIR = saved;
      }
      const audit = store.auditLog.list({ action: 'offsets.' });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['offsets.reset', 'offsets.undo']));
    });
  });
}

suite('offsets reset/undo on the embedded broker', async () => {
  const b: TestBroker = await startTestBroker();
  return { bootstrap: [b.bootstrap], close: () => b.close() };
});

describeService('kafka', 'offsets reset/undo on Apache Kafka', () => {
  suite('Apache Kafka', async () => ({ bootstrap: [...KAFKA_BROKERS], close: async () => undefined }));
});
