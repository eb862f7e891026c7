/*
 * The dispatcher copies bytes, so what a record carries must come out exactly as it went in, and what the
 * source's consumers would never see must not be copied:
 * - embedded broker: keys (null ones too), values, binary headers and timestamps arrive unchanged, with the
 *   provenance headers after the record's own; backlog deleted by retention before the dispatcher reaches it
 *   is skipped (warning + audit entry), the rest copied, and the job keeps running.
 * - Apache Kafka: a source written with transactions — records of an aborted transaction are not copied,
 *   committed and non-transactional ones are, and the checkpoint moves past the transaction markers (the
 *   drain reaches done = total).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../lib/auth/actor';
import '../lib/recovery/kinds';
import { createKafkaDrain } from '../lib/recovery/drain-kafka/create';
import type { DrainKafkaCheckpoint, DrainKafkaPlan } from '../lib/recovery/drain-kafka/types';
import { controlJob } from '../lib/recovery/jobs/control';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { settle } from './helpers/drain';
import { type DrainHarness, drainHarness, headerText, readTopic } from './helpers/drain-kafka';
import { describeService, KAFKA_BROKERS, uniqueName } from './helpers/services';

const actor = cliActor();

type Ctx = DrainHarness;

async function startDrain(c: Ctx, topic: string, group: string, factor: number) {
  const job = await createKafkaDrain(
    c.store,
    c.env,
    { cluster: c.cluster.name, topic, group, factor },
    actor,
    'cli',
    c.runner.owner,
  );
  const run = c.runner.runJob(job.id, { stayWhilePaused: true });
  return { job, plan: job.plan as DrainKafkaPlan, run };
}

async function cancel(c: Ctx, id: string, run: Promise<unknown>) {
  controlJob(c.store, id, 'cancel', actor);
  expect(await run).toBe('cancelled');
}

describe('drain (Kafka) dispatcher: records copied exactly (embedded broker)', () => {
  let broker: TestBroker;
  let c: Ctx;

  beforeAll(async () => {
    broker = await startTestBroker();
    c = await drainHarness(broker.bootstrap, 'embedded-wire');
  }, 60_000);

  afterAll(async () => {
    await c?.close();
    await broker?.close();
  });

  it('keeps keys, null keys, values, binary headers and timestamps, and appends the provenance', async () => {
    const topic = uniqueName('wire-src');
    const group = uniqueName('wire-g');
    await c.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const binary = Buffer.from([0, 255, 1, 254, 10, 13]);
    const producer = c.kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 200 }, (_, i) => ({
      key: i % 5 === 0 ? null : `key-${i % 17}`,
      value: i === 7 ? null : `value-${i}-${'x'.repeat(i)}`,
      headers: i % 2 === 0 ? { 'x-bin': binary, 'x-n': String(i) } : undefined,
      timestamp: String(1_600_000_000_000 + i * 1000),
      partition: i % 2,
    }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();
    await c.admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1].map((p) => ({ partition: p, offset: '0' })),
    });

    const { job, plan, run } = await startDrain(c, topic, group, 3);
    await settle(() => expect(c.store.jobs.require(job.id).done).toBe(200), { timeoutMs: 60_000 });
    const copies = await readTopic(c.kafka, plan.tempTopic, 200);
    await cancel(c, job.id, run);

    expect(copies).toHaveLength(200);
    const byOrigin = new Map(
      copies.map((m) => [
        `${headerText(m.headers?.['spillway-source-partition'])}/${headerText(m.headers?.['spillway-source-offset'])}`,
        m,
      ]),
    );
    for (let i = 0; i < sent.length; i++) {
      const s = sent[i] as (typeof sent)[number];
      const copy = byOrigin.get(`${s.partition}/${Math.floor(i / 2)}`);
      expect(copy, `copy of message ${i}`).toBeDefined();
      if (!copy) continue;
      expect(copy.key === null ? null : copy.key.toString()).toBe(s.key);
      expect(copy.value === null ? null : copy.value.toString()).toBe(s.value);
      expect(copy.timestamp).toBe(s.timestamp);
      const h = copy.headers ?? {};
      expect(headerText(h['spillway-source-topic'])).toBe(topic);
      expect(headerText(h['spillway-drain-job'])).toBe(job.id);
      if (s.headers) {
        expect(Buffer.compare(h['x-bin'] as Buffer, binary)).toBe(0);
        expect(headerText(h['x-n'])).toBe(String(i));
        // The record's own headers come first, then the four provenance headers.
        expect(Object.keys(h).slice(0, 2)).toEqual(['x-bin', 'x-n']);
      }
      expect(Object.keys(h)).toHaveLength((s.headers ? 2 : 0) + 4);
    }
    // Key-less records are counted and spread round-robin; the same key always lands in one partition.
    expect((c.store.jobs.require(job.id).checkpoint as DrainKafkaCheckpoint).keyless).toBe(40);
    const partitionsOfKey = new Map<string | null, Set<number>>();
    for (const m of copies) {
      const k = m.key === null ? null : m.key.toString();
      partitionsOfKey.set(k, (partitionsOfKey.get(k) ?? new Set()).add(m.partition));
    }
    for (const [k, ps] of partitionsOfKey) if (k !== null) expect(ps.size, `key ${k}`).toBe(1);
    expect(partitionsOfKey.get(null)?.size).toBe(plan.tempPartitions);
  }, 120_000);

  it('skips backlog that retention deleted before it was copied, says so, and copies the rest', async () => {
    const topic = uniqueName('wire-ret');
    const group = uniqueName('wire-rg');
    await c.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = c.kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}` })),
    });
    await producer.disconnect();
    await c.admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] });
    // The plan was made from offset 0; retention (here DeleteRecords) then removes 0..119.
    const job = await createKafkaDrain(
      c.store,
      c.env,
      { cluster: c.cluster.name, topic, group, factor: 2 },
      actor,
      'cli',
      c.runner.owner,
    );
    await c.admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '120' }] });
    const run = c.runner.runJob(job.id, { stayWhilePaused: true });
    await settle(
      () => expect((c.store.jobs.require(job.id).checkpoint as DrainKafkaCheckpoint).next['0']).toBe(300),
      { timeoutMs: 60_000 },
    );
    const plan = job.plan as DrainKafkaPlan;
    const copies = await readTopic(c.kafka, plan.tempTopic, 180);
    expect(c.store.jobs.require(job.id).state).toBe('running');
    await cancel(c, job.id, run);
    const offsets = copies
      .map((m) => Number(headerText(m.headers?.['spillway-source-offset'])))
      .sort((a, b) => a - b);
    expect(offsets).toEqual(Array.from({ length: 180 }, (_, i) => 120 + i));
    expect(c.store.jobs.require(job.id).done).toBe(180);
    const expired = c.store.auditLog
      .list({ target: job.id })
      .filter((e) => e.action.endsWith('records-expired'));
    expect(expired).toHaveLength(1);
    expect(expired[0]?.detail).toMatch(/^120 records of .* were deleted by retention/);
  }, 120_000);
});

describeService('kafka', 'drain (Kafka) dispatcher: transactions (Apache Kafka)', () => {
  let c: Ctx;

  beforeAll(async () => {
    c = await drainHarness(KAFKA_BROKERS[0] as string, 'apache-wire');
  }, 60_000);

  afterAll(async () => {
    await c?.close();
  });

  it('copies committed and plain records, not an aborted transaction, and gets past the markers', async () => {
    const topic = uniqueName('wire-txn');
    const group = uniqueName('wire-tg');
    await c.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const tx = c.kafka.producer({
      transactionalId: uniqueName('wire-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const plain = c.kafka.producer();
    await Promise.all([tx.connect(), plain.connect()]);
    const batch = (phase: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `k${i % 9}`, value: `${phase}-${i}` }));
    const t1 = await tx.transaction();
    await t1.send({ topic, messages: batch('committed1', 50) });
    await t1.commit();
    await plain.send({ topic, messages: batch('plain', 10) });
    const t2 = await tx.transaction();
    await t2.send({ topic, messages: batch('aborted', 30) });
    await t2.abort();
    const t3 = await tx.transaction();
    await t3.send({ topic, messages: batch('committed2', 20) });
    await t3.commit();
    await Promise.all([tx.disconnect(), plain.disconnect()]);
    await c.admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1].map((p) => ({ partition: p, offset: '0' })),
    });

    const { job, plan, run } = await startDrain(c, topic, group, 2);
    // done = total: the checkpoint reached the end of the log, markers included.
    await settle(
      () => {
        const j = c.store.jobs.require(job.id);
        expect(j.done).toBe(80);
        expect(j.total).toBe(80);
      },
      { timeoutMs: 60_000 },
    );
    const copies = await readTopic(c.kafka, plan.tempTopic, 80);
    await cancel(c, job.id, run);
    const values = copies.map((m) => m.value?.toString() ?? '');
    expect(values).toHaveLength(80);
    expect(values.filter((v) => v.startsWith('aborted'))).toEqual([]);
    expect(values.filter((v) => v.startsWith('committed')).length).toBe(70);
    expect(values.filter((v) => v.startsWith('plain')).length).toBe(10);
  }, 120_000);
});
