/*
 * Scenario: `spillway broker` runs as its own process and a kafkajs producer writes to it with acks=-1
 * from three concurrent senders when the process is SIGKILLed — twice, each time restarted on the same
 * data directory and port — and finally stopped cleanly and started once more. Everything the broker
 * acknowledged must be there exactly once, at the offset it was acknowledged with, in send order, with
 * no gap in any partition; unacknowledged sends may or may not have landed, but never twice and never
 * corrupt.
 */
import { rmSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { type BrokerProcess, freePort, spawnBroker, tempDir } from './helpers/broker';
import { byPartition, kafkaFor, readAll } from './helpers/kafkajs';
import { eventually, uniqueName } from './helpers/services';

const PARTITIONS = 3;
const KILLS = 2;

let proc: BrokerProcess | undefined;
const dataDir = tempDir('spillway-crash-');

afterAll(async () => {
  await proc?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Ack {
  partition: number;
  offset: number;
}

/** `r<round>-w<worker>-<seq>` -> [round, seq] */
function parseValue(value: string): { round: number; worker: number; seq: number } | null {
  const m = /^r(\d+)-w(\d+)-(\d+)$/.exec(value);
  return m ? { round: Number(m[1]), worker: Number(m[2]), seq: Number(m[3]) } : null;
}

/**
 * Three senders (one per partition, each waiting for its previous send) produce batches of 1-3 messages
 * until the broker dies under them. Returns once every sender has stopped.
 */
async function produceUntilKilled(
  kafka: Kafka,
  topic: string,
  round: number,
  acked: Map<string, Ack>,
  attempted: Set<string>,
  kill: () => Promise<void>,
): Promise<number> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    retry: { retries: 0 },
  });
  await producer.connect();
  let ackedThisRound = 0;
  let stop = false;
  const workers = Array.from({ length: PARTITIONS }, async (_, worker) => {
    for (let seq = 0; !stop; ) {
      const messages = Array.from({ length: 1 + (seq % 3) }, () => ({
        value: `r${round}-w${worker}-${seq++}`,
        partition: worker,
      }));
      for (const m of messages) attempted.add(m.value);
      try {
        const [meta] = await producer.send({ topic, acks: -1, messages });
        expect(meta?.partition).toBe(worker);
        messages.forEach((m, i) => {
          acked.set(m.value, { partition: worker, offset: Number(meta?.baseOffset) + i });
        });
        ackedThisRound += messages.length;
      } catch {
        return; // the broker is gone
      }
    }
  });
  // kill while all three are sending
  await eventually(() => (ackedThisRound >= 300 ? true : undefined), {
    timeoutMs: 30_000,
    what: `round ${round}: 300 acknowledged messages`,
  });
  await kill();
  stop = true;
  await Promise.all(workers);
  await producer.disconnect().catch(() => undefined);
  return ackedThisRound;
}

describe('broker process killed mid-stream', () => {
  it(`keeps every acknowledged message exactly once and in order across ${KILLS} SIGKILLs and a clean restart`, async () => {
    const port = await freePort();
    proc = await spawnBroker(dataDir, port);
    const bootstrap = proc.bootstrap;
    const topic = uniqueName('crash');
    const setup = kafkaFor(bootstrap).admin();
    await setup.connect();
    await setup.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
    await setup.disconnect();

    const acked = new Map<string, Ack>();
    const attempted = new Set<string>();
    for (let round = 1; round <= KILLS; round++) {
      const kafka = kafkaFor(bootstrap, { retry: { retries: 0 } });
      const current = proc;
      await produceUntilKilled(kafka, topic, round, acked, attempted, () => current.kill());
      expect(current.child.signalCode).toBe('SIGKILL');
      proc = await spawnBroker(dataDir, port);
    }
    // A clean stop and start on top, after checking the restarted broker serves the topic.
    const probe = kafkaFor(bootstrap).admin();
    await probe.connect();
    expect((await probe.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions).toHaveLength(
      PARTITIONS,
    );
    await probe.disconnect();
    const stopped = proc;
    const code = await stopped.stop();
    expect({ code, signal: stopped.child.signalCode }, stopped.log()).toEqual({ code: 0, signal: null });
    proc = await spawnBroker(dataDir, port);

    const messages = await readAll(kafkaFor(bootstrap), topic, { timeoutMs: 60_000 });
    const values = messages.map((m) => m.value ?? '');
    // nothing corrupt or unknown, nothing twice
    for (const v of values) expect(attempted.has(v), `unexpected value ${v}`).toBe(true);
    expect(new Set(values).size).toBe(values.length);
    // every acknowledged message, where the broker said it put it
    const at = new Map(messages.map((m) => [m.value, { partition: m.partition, offset: m.offset }]));
    const missing = [...acked].filter(([v, a]) => JSON.stringify(at.get(v)) !== JSON.stringify(a));
    expect(missing.slice(0, 5), `${missing.length} acknowledged messages missing or moved`).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(KILLS * 300);

    for (const [partition, list] of byPartition(messages)) {
      const sorted = [...list].sort((a, b) => a.offset - b.offset);
      // offsets 0..n-1 without a gap
      expect(sorted.map((m) => m.offset)).toEqual(sorted.map((_, i) => i));
      // each partition has one sender: rounds and sequence numbers only ever grow along the log
      let last = -1;
      for (const m of sorted) {
        const p = parseValue(m.value ?? '');
        expect(p?.worker).toBe(partition);
        const rank = (p?.round ?? 0) * 1e9 + (p?.seq ?? 0);
        expect(rank).toBeGreaterThan(last);
        last = rank;
      }
    }
  });
});
