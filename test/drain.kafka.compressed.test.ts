/*
 * Compressed sources: kcat (librdkafka) produces keyed messages with snappy, lz4, zstd and gzip, the way
 * production topics are often written; the dispatcher's reader must see every record exactly as kcat's own
 * consumer does.
 * - the batches, fetched through the dispatcher's wire client, all carry the codec kcat was given (the
 *   embedded broker and Apache Kafka with compression.type=producer both store them as they came), and
 *   readSourceBatches returns the same (partition, offset, key, value) as `kcat -C` (librdkafka's decoder);
 * - a drain (factor 2) of the topic copies every record into the temp topic exactly once, its key and value
 *   unchanged and its provenance headers naming the source partition and offset kcat reported.
 * Runs against the embedded broker, and against Apache Kafka when one answers (required under CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import '../lib/recovery/kinds';
import { createKafkaDrain } from '../lib/recovery/drain-kafka/create';
import type { DrainKafkaPlan } from '../lib/recovery/drain-kafka/types';
import { WireClient } from '../lib/recovery/drain-kafka/wire/client';
import { readSourceBatches } from '../lib/recovery/drain-kafka/wire/source-batches';
import { controlJob } from '../lib/recovery/jobs/control';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { settle } from './helpers/drain';
import { type DrainHarness, drainHarness, headerText, readTopic } from './helpers/drain-kafka';
import { KCAT_LINE_FORMAT, type KcatLine, kcatOk, parseKcatLines } from './helpers/kcat';
import { describeService, KAFKA_BROKERS, uniqueName } from './helpers/services';

const actor = cliActor();

const CODECS = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
const MESSAGES = 500;
const PARTITIONS = 3;

/**
 * `key:value` lines for kcat -K: (no ':' in keys, no tab or newline anywhere): 23 keys of varying length,
 * values that are repetitive, pseudo-random, non-ASCII or long (~10 KiB every 10th, so a batch of 100 spans
 * several lz4 and snappy blocks), compressible overall (librdkafka sends a batch uncompressed when
 * compression does not pay).
 */
function workload(codec: string): string[] {
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0).toString(16).padStart(8, '0');
  };
  return Array.from({ length: MESSAGES }, (_, i) => {
    const key = `key-${i % 23}${'-x'.repeat(i % 4)}`;
    let value: string;
    if (i % 10 === 0) value = `${codec}-${i}-${'spillway drains backlogs '.repeat(400)}${random()}`;
    else if (i % 10 === 3) value = `${codec}-${i}-${Array.from({ length: 1 + (i % 30) }, random).join('')}`;
    else if (i % 10 === 7) value = `${codec}-${i}-ünïcödé 日本語 ${'ß'.repeat(i % 50)}`;
    else value = `${codec}-${i}-${'abc'.repeat(i % 60)}`;
    return `${key}:${value}`;
  });
}

type Sourced = KcatLine;

/** The topic as librdkafka's consumer reads it: kcat -C, every partition from the beginning. */
async function kcatRead(bootstrap: string, topic: string): Promise<Sourced[]> {
  const out = await kcatOk(
    bootstrap,
    ['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', KCAT_LINE_FORMAT],
    {
      timeoutMs: 60_000,
    },
  );
  return parseKcatLines(out);
}

interface Ctx extends DrainHarness {
  bootstrap: string;
  wire: WireClient;
}

async function setUp(bootstrap: string, name: string): Promise<Ctx> {
  const harness = await drainHarness(bootstrap, name);
  const wire = new WireClient(harness.kafka);
  await wire.connect();
  return { ...harness, bootstrap, wire };
}

async function tearDown(c: Ctx | undefined): Promise<void> {
  await c?.wire.disconnect();
  await c?.close();
}

/**
 * Reads every partition through the wire client and readSourceBatches, as the dispatcher does; returns the
 * records and the codec of every batch fetched.
 */
async function readThroughWire(c: Ctx, topic: string): Promise<{ records: Sourced[]; codecs: number[] }> {
  await c.wire.refresh();
  const records: Sourced[] = [];
  const codecs: number[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const leader = c.wire.leader(topic, partition);
    if (leader === undefined || leader < 0) throw new Error(`no leader for ${topic}/${partition}`);
    let offset = 0;
    for (let rounds = 0; ; rounds++) {
      if (rounds > 1000) throw new Error(`${topic}/${partition}: no progress at offset ${offset}`);
      const [part] = await c.wire.fetch(leader, topic, [{ partition, offset, maxBytes: 1024 * 1024 }], 100);
      if (!part) throw new Error(`no answer for ${topic}/${partition}`);
      expect(part.errorCode).toBe(0);
      if (offset >= Number(part.highWatermark)) break;
      const batches = part.records ?? Buffer.alloc(0);
      for (let at = 0; batches.length - at >= 61; at += 12 + batches.readInt32BE(at + 8)) {
        if (12 + batches.readInt32BE(at + 8) > batches.length - at) break; // a partial batch
        codecs.push(batches.readInt16BE(at + 21) & 0x07);
      }
      const read = readSourceBatches(part.records, offset, part.abortedTransactions);
      for (const r of read.records) {
        records.push({
          partition,
          offset: r.offset,
          key: r.key?.toString() ?? '',
          value: r.value?.toString() ?? '',
        });
      }
      offset = read.nextOffset;
    }
  }
  return { records, codecs };
}

const sortSourced = (a: Sourced, b: Sourced) => a.partition - b.partition || a.offset - b.offset;

function compressedSourceSuite(connect: () => Promise<{ bootstrap: string; close?: () => Promise<void> }>) {
  let c: Ctx;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const broker = await connect();
    close = broker.close;
    c = await setUp(broker.bootstrap, uniqueName('cmp-cluster'));
  }, 60_000);

  afterAll(async () => {
    await tearDown(c);
    await close?.();
  });

  for (const [codec, id] of Object.entries(CODECS)) {
    it(`reads and drains a topic kcat wrote with -z ${codec}`, async () => {
      const topic = uniqueName(`cmp-${codec}`);
      const group = uniqueName(`cmp-g-${codec}`);
      await c.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
      const lines = workload(codec);
      await kcatOk(
        c.bootstrap,
        ['-P', '-t', topic, '-z', codec, '-K:', '-X', 'linger.ms=50', '-X', 'batch.num.messages=100'],
        { input: `${lines.join('\n')}\n`, timeoutMs: 60_000 },
      );

      // The oracle: librdkafka's consumer.
      const source = (await kcatRead(c.bootstrap, topic)).sort(sortSourced);
      expect(source.map((s) => `${s.key}:${s.value}`).sort()).toEqual([...lines].sort());

      // The dispatcher's reader, on the batches as the broker serves them.
      const viaWire = await readThroughWire(c, topic);
      expect(viaWire.codecs.length).toBeGreaterThanOrEqual(5);
      expect(new Set(viaWire.codecs)).toEqual(new Set([id]));
      expect(viaWire.records.sort(sortSourced)).toEqual(source);

      // The drain: every record copied once, unchanged, with its provenance.
      await c.admin.setOffsets({
        groupId: group,
        topic,
        partitions: Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, offset: '0' })),
      });
      const job = await createKafkaDrain(
        c.store,
        c.env,
        { cluster: c.cluster.name, topic, group, factor: 2 },
        actor,
        'cli',
        c.runner.owner,
      );
      const run = c.runner.runJob(job.id, { stayWhilePaused: true });
      try {
        await settle(() => expect(c.store.jobs.require(job.id).done).toBe(MESSAGES), { timeoutMs: 60_000 });
        const copies = await readTopic(c.kafka, (job.plan as DrainKafkaPlan).tempTopic, MESSAGES);
        expect(copies).toHaveLength(MESSAGES);
        const bySource = new Map(source.map((s) => [`${s.partition}/${s.offset}`, s]));
        const seen = new Set<string>();
        for (const m of copies) {
          const h = m.headers ?? {};
          expect(headerText(h['spillway-source-topic'])).toBe(topic);
          const origin = `${headerText(h['spillway-source-partition'])}/${headerText(h['spillway-source-offset'])}`;
          expect(seen.has(origin), `${origin} copied twice`).toBe(false);
          seen.add(origin);
          const s = bySource.get(origin);
          expect(s, `no source record at ${origin}`).toBeDefined();
          expect(m.key?.toString()).toBe(s?.key);
          expect(m.value?.toString()).toBe(s?.value);
        }
        expect(seen.size).toBe(MESSAGES);
      } finally {
        controlJob(c.store, job.id, 'cancel', actor);
        expect(await run).toBe('cancelled');
      }
    }, 120_000);
  }
}

describe('drain (Kafka) dispatcher: sources kcat compressed (embedded broker)', () => {
  compressedSourceSuite(async () => {
    const broker: TestBroker = await startTestBroker();
    return { bootstrap: broker.bootstrap, close: () => broker.close() };
  });
});

describeService('kafka', 'drain (Kafka) dispatcher: sources kcat compressed (Apache Kafka)', () => {
  compressedSourceSuite(async () => ({ bootstrap: KAFKA_BROKERS[0] as string }));
});
