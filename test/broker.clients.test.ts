/*
 * Scenario: applications built on kafkajs 2.2.4 produce and consume through the embedded broker the way
 * Spillway's drain does: an idempotent keyed producer with acks=-1 whose responses are sometimes lost
 * on the way back (it retries, the broker must not write twice), a three-member consumer group that
 * rebalances as members join and leave while messages keep arriving, and a consumer that stops half
 * way and resumes from its committed offsets.
 */
import { type Admin, AssignerProtocol, type Consumer, type Kafka, Partitioners } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestBroker, type TestBroker } from './helpers/broker';
import { FaultyProxy } from './helpers/faulty-proxy';
import {
  byPartition,
  type ConsumedMessage,
  FAST_CONSUMER,
  highWatermarks,
  kafkaFor,
  readAll,
  toConsumed,
} from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

const PRODUCE = 0;

let tb: TestBroker;
let kafka: Kafka;
let admin: Admin;
const consumers = new Set<Consumer>();

beforeAll(async () => {
  tb = await startTestBroker();
  kafka = kafkaFor(tb.bootstrap);
  admin = kafka.admin();
  await admin.connect();
});

afterEach(async () => {
  await Promise.all([...consumers].map((c) => c.disconnect()));
  consumers.clear();
});

afterAll(async () => {
  await admin?.disconnect();
  await tb?.close();
});

async function createTopic(partitions: number): Promise<string> {
  const topic = uniqueName('clients');
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  return topic;
}

function consumer(groupId: string): Consumer {
  const c = kafka.consumer({ groupId, ...FAST_CONSUMER });
  consumers.add(c);
  return c;
}

async function leave(c: Consumer): Promise<void> {
  consumers.delete(c);
  await c.disconnect();
}

describe('kafkajs idempotent producer (acks -1, maxInFlightRequests 1)', () => {
  // Broker on 127.0.0.2, advertised as 127.0.0.1 where the proxy listens: every client connection goes
  // through the proxy, which drops every 4th Produce response after the broker has appended the batch.
  let broker: TestBroker;
  let proxy: FaultyProxy;

  beforeAll(async () => {
    const port = await freePort();
    broker = await startTestBroker({ host: '127.0.0.2', port, advertisedHost: '127.0.0.1' });
    let produces = 0;
    proxy = await FaultyProxy.start({
      listenHost: '127.0.0.1',
      listenPort: port,
      targetHost: '127.0.0.2',
      targetPort: port,
      cutBeforeResponse: (apiKey) => apiKey === PRODUCE && ++produces % 4 === 0,
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await broker?.close();
  });

  it('writes every keyed message exactly once, in order, on the partition kafkajs chose, despite lost acks', async () => {
    const client = kafkaFor(broker.bootstrap);
    const proxyAdmin = client.admin();
    await proxyAdmin.connect();
    const topic = uniqueName('idempotent');
    await proxyAdmin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const producer = client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 10 },
    });
    await producer.connect();

    const keys = Array.from({ length: 24 }, (_, i) => `key-${i}`);
    /** value -> where the broker said it wrote it */
    const acked = new Map<string, { partition: number; offset: number; key: string }>();
    const partitionFor = Partitioners.DefaultPartitioner();
    const metadata = (await proxyAdmin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions;
    try {
      for (let send = 0; send < 40; send++) {
        const messages = Array.from({ length: 10 }, (_, j) => {
          const i = send * 10 + j;
          return { key: keys[(i * 7) % keys.length]!, value: `v-${i}` };
        });
        const result = await producer.send({ topic, acks: -1, messages });
        // kafkajs answers per partition with the base offset: messages of this send keep their order
        const next = new Map(result.map((r) => [r.partition, Number(r.baseOffset)]));
        for (const m of messages) {
          const partition = partitionFor({ topic, partitionMetadata: metadata, message: m });
          const offset = next.get(partition);
          expect(offset, `send ${send}: no ack for partition ${partition}`).toBeDefined();
          next.set(partition, offset! + 1);
          acked.set(m.value, { partition, offset: offset!, key: m.key });
        }
      }
    } finally {
      await producer.disconnect();
      await proxyAdmin.disconnect();
    }
    // the proxy really lost acks, so kafkajs really retried
    expect(proxy.cuts.get(PRODUCE) ?? 0).toBeGreaterThanOrEqual(8);

    const messages = await readAll(client, topic);
    expect(messages).toHaveLength(400);
    const values = messages.map((m) => m.value);
    expect(new Set(values).size).toBe(400);
    for (const m of messages) {
      const want = acked.get(m.value ?? '');
      expect(want, `unexpected message ${m.value}`).toBeDefined();
      expect({ partition: m.partition, offset: m.offset, key: m.key }).toEqual(want);
    }
    for (const [partition, list] of byPartition(messages)) {
      // contiguous offsets from 0 and, per key, values in the order they were sent
      expect(list.map((m) => m.offset)).toEqual(list.map((_, i) => i));
      const lastByKey = new Map<string, number>();
      for (const m of list) {
        const i = Number(m.value?.slice(2));
        expect(i).toBeGreaterThan(lastByKey.get(m.key ?? '') ?? -1);
        lastByKey.set(m.key ?? '', i);
      }
      expect(partition).toBeLessThan(4);
    }
    // the same key always went to one partition, and more than one partition was used
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const m of messages) {
      const set = partitionsOfKey.get(m.key ?? '') ?? new Set();
      set.add(m.partition);
      partitionsOfKey.set(m.key ?? '', set);
    }
    for (const set of partitionsOfKey.values()) expect(set.size).toBe(1);
    expect(new Set(messages.map((m) => m.partition)).size).toBeGreaterThan(1);

    // the stored batches carry kafkajs' producer id and gap-free sequences
    for (let p = 0; p < 4; p++) {
      const log = broker.broker.logs.partition(topic, p);
      const { records } = await log.read(0, 64 * 1024 * 1024);
      let at = 0;
      let expectedSequence = 0;
      let producerId: bigint | undefined;
      while (at < records.length) {
        const length = records.readInt32BE(at + 8);
        const pid = records.readBigInt64BE(at + 43);
        const baseSequence = records.readInt32BE(at + 53);
        const count = records.readInt32BE(at + 57);
        expect(pid).toBeGreaterThanOrEqual(0n);
        producerId ??= pid;
        expect(pid).toBe(producerId);
        expect(baseSequence).toBe(expectedSequence);
        expectedSequence += count;
        at += 12 + length;
      }
      expect(expectedSequence).toBe(log.highWatermark);
    }
  });
});

/** What one group member saw: its assignments in order (from GROUP_JOIN) and its messages. */
interface Member {
  name: string;
  consumer: Consumer;
  memberId: string;
  assignments: number[][];
  messages: ConsumedMessage[];
}

describe('kafkajs consumer group', () => {
  it('three members rebalance as they join and leave; no partition is owned twice; nothing is lost', async () => {
    const topic = await createTopic(6);
    const groupId = uniqueName('group-rebalance');
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const produced: string[] = [];
    let producing = true;
    const producerLoop = (async () => {
      for (let i = 0; producing; i++) {
        const value = `g-${i}`;
        await producer.send({ topic, acks: -1, messages: [{ value, partition: i % 6 }] });
        produced.push(value);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const members: Member[] = [];
    const join = async (name: string) => {
      const c = consumer(groupId);
      const m: Member = { name, consumer: c, memberId: '', assignments: [], messages: [] };
      c.on(c.events.GROUP_JOIN, ({ payload }) => {
        m.memberId = payload.memberId;
        m.assignments.push([...(payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b));
      });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        autoCommitInterval: 200,
        eachMessage: async ({ partition, message }) => {
          m.messages.push(toConsumed(partition, message));
        },
      });
      members.push(m);
      return m;
    };
    /** Waits until the group is Stable with exactly `active`, each holding `size` partitions. */
    const converged = (active: Member[], size: number) =>
      eventually(
        async () => {
          const g = (await admin.describeGroups([groupId])).groups[0];
          if (g?.state !== 'Stable' || g.members.length !== active.length) return undefined;
          const owned: number[] = [];
          for (const m of active) {
            const described = g.members.find((d) => d.memberId === m.memberId);
            if (!described) return undefined;
            const a = AssignerProtocol.MemberAssignment.decode(described.memberAssignment);
            const parts = [...(a?.assignment[topic] ?? [])].sort((x, y) => x - y);
            // the member itself has taken on what the coordinator holds for it
            if (JSON.stringify(parts) !== JSON.stringify(m.assignments.at(-1))) return undefined;
            if (parts.length !== size) return undefined;
            owned.push(...parts);
          }
          return owned.sort((a, b) => a - b);
        },
        { timeoutMs: 30_000, what: `${active.map((m) => m.name).join('+')} stable with ${size} each` },
      );

    const all = [0, 1, 2, 3, 4, 5];
    const a = await join('a');
    expect(await converged([a], 6)).toEqual(all);
    const b = await join('b');
    expect(await converged([a, b], 3)).toEqual(all);
    const c = await join('c');
    expect(await converged([a, b, c], 2)).toEqual(all);
    await leave(b.consumer);
    expect(await converged([a, c], 3)).toEqual(all);
    await leave(c.consumer);
    expect(await converged([a], 6)).toEqual(all);

    // every member saw its assignment change at each step it was present for (an extra generation that
    // hands a member the same partitions again is not a change)
    const changes = (m: Member) =>
      m.assignments.filter((p, i) => i === 0 || JSON.stringify(p) !== JSON.stringify(m.assignments[i - 1]));
    const [ha, hb, hc] = [changes(a), changes(b), changes(c)];
    expect(ha.map((p) => p.length)).toEqual([6, 3, 2, 3, 6]);
    expect(hb.map((p) => p.length)).toEqual([3, 2]);
    expect(hc.map((p) => p.length)).toEqual([2, 3]);
    // what members held at the same step is disjoint and covers the topic
    expect([...ha[1]!, ...hb[0]!].sort()).toEqual(all);
    expect([...ha[2]!, ...hb[1]!, ...hc[0]!].sort()).toEqual(all);
    expect([...ha[3]!, ...hc[1]!].sort()).toEqual(all);

    // messages kept arriving through every rebalance; let a few hundred in all be produced, then stop
    await eventually(() => (produced.length >= 200 ? true : undefined), { what: '200 messages produced' });
    producing = false;
    await producerLoop;
    await producer.disconnect();
    const consumed = () => new Set(members.flatMap((m) => m.messages.map((x) => x.value)));
    await eventually(() => (produced.every((v) => consumed().has(v)) ? true : undefined), {
      timeoutMs: 30_000,
      what: `all ${produced.length} produced messages consumed`,
    });
    expect([...consumed()].every((v) => v !== null && produced.includes(v))).toBe(true);
    // the union of what the members consumed covers every offset of every partition
    const hw = await highWatermarks(admin, topic);
    const offsets = byPartition(members.flatMap((m) => m.messages));
    for (const p of all) {
      const seen = new Set((offsets.get(p) ?? []).map((m) => m.offset));
      expect(seen.size).toBe(hw.get(p));
    }
    // and the group's committed offsets reach the end
    await eventually(
      async () => {
        const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return t?.partitions.every((p) => Number(p.offset) === hw.get(p.partition)) ? true : undefined;
      },
      { what: 'committed offsets at the high watermarks' },
    );
  });

  it('a consumer that stops half way resumes from its committed offsets: nothing lost, only uncommitted repeats', async () => {
    const topic = await createTopic(3);
    const groupId = uniqueName('group-resume');
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const produced: string[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const messages = Array.from({ length: 10 }, (_, j) => ({
        key: `k-${j}`,
        value: `r-${batch * 10 + j}`,
      }));
      await producer.send({ topic, acks: -1, messages });
      produced.push(...messages.map((m) => m.value));
    }
    await producer.disconnect();

    // first run: commit explicitly after every 7th message of a partition, stop after ~half
    const first = consumer(groupId);
    const firstSeen: ConsumedMessage[] = [];
    const committedByUs = new Map<number, number>();
    let stopped = false;
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    await first.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (stopped) return;
        const m = toConsumed(partition, message);
        firstSeen.push(m);
        if (m.offset % 7 === 6) {
          await first.commitOffsets([{ topic, partition, offset: String(m.offset + 1) }]);
          committedByUs.set(partition, m.offset + 1);
        }
        if (firstSeen.length >= 150) {
          stopped = true;
          first.pause([{ topic }]);
        }
      },
    });
    await eventually(() => (stopped ? true : undefined), { what: 'first consumer reached 150 messages' });
    await leave(first);

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedAt = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    for (const p of [0, 1, 2]) expect(committedAt.get(p)).toBe(committedByUs.get(p) ?? -1);
    expect([...committedByUs.values()].some((o) => o > 0)).toBe(true);

    // second run in the same group: starts exactly at the committed offsets
    const second = consumer(groupId);
    const secondSeen: ConsumedMessage[] = [];
    await second.connect();
    await second.subscribe({ topic, fromBeginning: true });
    await second.run({
      eachMessage: async ({ partition, message }) => {
        secondSeen.push(toConsumed(partition, message));
      },
    });
    const union = () => new Set([...firstSeen, ...secondSeen].map((m) => m.value));
    await eventually(() => (union().size >= produced.length ? true : undefined), {
      what: 'all messages consumed across both runs',
    });
    await leave(second);

    expect([...union()].sort()).toEqual([...produced].sort());
    for (const [p, list] of byPartition(secondSeen)) {
      const start = Math.max(committedAt.get(p) ?? -1, 0);
      expect(list[0]?.offset, `partition ${p} resumed at`).toBe(start);
    }
    // a message seen twice is one the first run consumed but had not committed
    const firstValues = new Map(firstSeen.map((m) => [m.value, m]));
    const repeated = secondSeen.filter((m) => firstValues.has(m.value));
    for (const m of repeated) expect(m.offset).toBeGreaterThanOrEqual(committedAt.get(m.partition) ?? 0);
    const uncommittedInFirst = firstSeen.filter((m) => m.offset >= (committedAt.get(m.partition) ?? 0));
    expect(repeated.map((m) => m.value).sort()).toEqual(uncommittedInFirst.map((m) => m.value).sort());
  });
});
