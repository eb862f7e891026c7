/*
 * Scenario: an operator points kcat (librdkafka 2.0.2, a C client nobody here wrote) at the embedded
 * broker: lists metadata as JSON, produces keyed lines, consumes them back (plain, and in a consumer
 * group whose committed offsets kafkajs then sees), mixes kcat with kafkajs on one topic, and produces
 * with every compression codec librdkafka has — the broker stores those batches as they came.
 */
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { highWatermarks, kafkaFor, readAll } from './helpers/kafkajs';
import { KCAT_LINE_FORMAT, type KcatLine, type KcatMetadata, kcatOk, parseKcatLines } from './helpers/kcat';
import { uniqueName } from './helpers/services';

let tb: TestBroker;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  tb = await startTestBroker();
  kafka = kafkaFor(tb.bootstrap);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await tb?.close();
});

async function createTopic(partitions: number): Promise<string> {
  const topic = uniqueName('kcat');
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  return topic;
}

const FORMAT = ['-f', KCAT_LINE_FORMAT];

/** Per partition, offsets must run from 0 without gaps; every key stays on one partition. */
function expectWellFormed(lines: KcatLine[]) {
  const byPartition = new Map<number, number[]>();
  const partitionOfKey = new Map<string, number>();
  for (const l of lines) {
    byPartition.set(l.partition, [...(byPartition.get(l.partition) ?? []), l.offset]);
    if (partitionOfKey.has(l.key)) expect(partitionOfKey.get(l.key), l.key).toBe(l.partition);
    partitionOfKey.set(l.key, l.partition);
  }
  for (const offsets of byPartition.values()) {
    expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
  }
}

describe('kcat against the embedded broker', () => {
  it('kcat -L -J lists this broker as the leader, replica and ISR of every partition', async () => {
    const topic = await createTopic(3);
    const all = JSON.parse(await kcatOk(tb.bootstrap, ['-L', '-J'])) as KcatMetadata;
    expect(all.brokers).toEqual([{ id: tb.broker.nodeId, name: tb.bootstrap }]);
    expect(all.controllerid).toBe(tb.broker.nodeId);
    expect(all.topics.map((t) => t.topic)).toContain(topic);

    const one = JSON.parse(await kcatOk(tb.bootstrap, ['-L', '-J', '-t', topic])) as KcatMetadata;
    expect(one.topics).toHaveLength(1);
    const t = one.topics[0]!;
    expect(t.topic).toBe(topic);
    expect(t.error).toBeUndefined();
    expect(t.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
    for (const p of t.partitions) {
      expect(p.error).toBeUndefined();
      expect(p.leader).toBe(tb.broker.nodeId);
      expect(p.replicas).toEqual([{ id: tb.broker.nodeId }]);
      expect(p.isrs).toEqual([{ id: tb.broker.nodeId }]);
    }
  });

  it('kcat -P -K: produces keyed lines that kcat -C and kafkajs both read back', async () => {
    const topic = await createTopic(3);
    const input = Array.from({ length: 60 }, (_, i) => `key-${i % 9}:value-${i}`);
    await kcatOk(tb.bootstrap, ['-P', '-t', topic, '-K:'], { input: `${input.join('\n')}\n` });

    const lines = parseKcatLines(
      await kcatOk(tb.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-q', ...FORMAT]),
    );
    expect(lines).toHaveLength(60);
    expect(lines.map((l) => `${l.key}:${l.value}`).sort()).toEqual([...input].sort());
    expectWellFormed(lines);
    expect(new Set(lines.map((l) => l.partition)).size).toBeGreaterThan(1);
    // per key, values in the order they were written
    for (let k = 0; k < 9; k++) {
      const values = lines
        .filter((l) => l.key === `key-${k}`)
        .sort((a, b) => a.offset - b.offset)
        .map((l) => Number(l.value.slice(6)));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }

    const viaKafkajs = await readAll(kafka, topic);
    expect(viaKafkajs.map((m) => `${m.partition}/${m.offset}/${m.key}:${m.value}`).sort()).toEqual(
      lines.map((l) => `${l.partition}/${l.offset}/${l.key}:${l.value}`).sort(),
    );
  });

  it('kcat reads what kafkajs wrote, headers included', async () => {
    const topic = await createTopic(1);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'a', value: 'first', headers: { source: 'kafkajs', n: '1' } },
        { key: 'b', value: 'second', headers: { source: 'kafkajs', n: '2' } },
      ],
    });
    await producer.disconnect();
    const out = await kcatOk(tb.bootstrap, [
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%o|%k|%s|%h\n',
    ]);
    expect(out.trim().split('\n')).toEqual(['0|a|first|source=kafkajs,n=1', '1|b|second|source=kafkajs,n=2']);
  });

  it('kcat -G consumes as a group; kafkajs admin sees its committed offsets, and a rerun resumes there', async () => {
    const topic = await createTopic(3);
    const groupId = uniqueName('kcat-group');
    const first = Array.from({ length: 30 }, (_, i) => `k${i % 5}:one-${i}`);
    await kcatOk(tb.bootstrap, ['-P', '-t', topic, '-K:'], { input: `${first.join('\n')}\n` });
    const groupArgs = ['-G', groupId, '-X', 'auto.offset.reset=earliest', '-e', '-q', ...FORMAT, topic];

    const run1 = parseKcatLines(await kcatOk(tb.bootstrap, groupArgs));
    expect(run1.map((l) => `${l.key}:${l.value}`).sort()).toEqual([...first].sort());
    expectWellFormed(run1);

    const hw = await highWatermarks(admin, topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(Object.fromEntries(committed!.partitions.map((p) => [p.partition, Number(p.offset)]))).toEqual(
      Object.fromEntries(hw),
    );
    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const described = (await admin.describeGroups([groupId])).groups[0];
    expect(described?.state).toBe('Empty');
    expect(described?.protocolType).toBe('consumer');

    // the second run gets only what was produced since
    const second = Array.from({ length: 12 }, (_, i) => `k${i % 5}:two-${i}`);
    await kcatOk(tb.bootstrap, ['-P', '-t', topic, '-K:'], { input: `${second.join('\n')}\n` });
    const run2 = parseKcatLines(await kcatOk(tb.bootstrap, groupArgs));
    expect(run2.map((l) => `${l.key}:${l.value}`).sort()).toEqual([...second].sort());
    const hw2 = await highWatermarks(admin, topic);
    const [committed2] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(Object.fromEntries(committed2!.partitions.map((p) => [p.partition, Number(p.offset)]))).toEqual(
      Object.fromEntries(hw2),
    );
  });

  it('kcat as an idempotent producer (acks=all), and kcat -Q finding offsets by time', async () => {
    const topic = await createTopic(1);
    const input = Array.from({ length: 20 }, (_, i) => `k${i}:idem-${i}`);
    await kcatOk(
      tb.bootstrap,
      ['-P', '-t', topic, '-K:', '-X', 'enable.idempotence=true', '-X', 'acks=all'],
      {
        input: `${input.join('\n')}\n`,
      },
    );
    const { records } = await tb.broker.logs.partition(topic, 0).read(0, 64 * 1024 * 1024);
    expect(records.readBigInt64BE(43)).toBeGreaterThanOrEqual(0n); // librdkafka's producer id
    expect(records.readInt32BE(53)).toBe(0); // first sequence

    // records with known timestamps (kafkajs) after kcat's (stamped now), looked up by librdkafka
    const base = Date.now() + 60_000;
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [0, 1, 2].map((i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) })),
    });
    await producer.disconnect();
    const query = async (ts: number) => (await kcatOk(tb.bootstrap, ['-Q', '-t', `${topic}:0:${ts}`])).trim();
    expect(await query(base + 1)).toBe(`${topic} [0] offset 21`);
    expect(await query(base + 2000)).toBe(`${topic} [0] offset 22`);
    expect(await query(base + 2001)).toBe(`${topic} [0] offset -1`);
    expect(await query(1)).toBe(`${topic} [0] offset 0`);
  });

  describe('compression', () => {
    const CODECS = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

    for (const [codec, id] of Object.entries(CODECS)) {
      it(`kcat -z ${codec}: the broker accepts and stores the compressed batches; they read back intact`, async () => {
        const topic = await createTopic(1);
        // compressible values (librdkafka sends a batch uncompressed when compression does not pay)
        const input = Array.from({ length: 50 }, (_, i) => `k${i}:${codec}-${i}-${'spillway '.repeat(20)}`);
        await kcatOk(tb.bootstrap, ['-P', '-t', topic, '-K:', '-z', codec], {
          input: `${input.join('\n')}\n`,
        });

        const lines = parseKcatLines(
          await kcatOk(tb.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-q', ...FORMAT]),
        );
        expect(lines.map((l) => `${l.key}:${l.value}`)).toEqual(input);
        expect(lines.map((l) => l.offset)).toEqual(input.map((_, i) => i));

        // every stored batch carries the codec kcat chose
        const { records } = await tb.broker.logs.partition(topic, 0).read(0, 64 * 1024 * 1024);
        let at = 0;
        let batches = 0;
        while (at < records.length) {
          expect(records.readInt16BE(at + 21) & 0x07, `batch ${batches}`).toBe(id);
          at += 12 + records.readInt32BE(at + 8);
          batches++;
        }
        expect(batches).toBeGreaterThan(0);

        if (codec === 'gzip') {
          // kafkajs decompresses gzip natively
          const viaKafkajs = await readAll(kafka, topic);
          expect(viaKafkajs.map((m) => `${m.key}:${m.value}`)).toEqual(input);
        }
      });
    }
  });
});
