// TempWriter against a scripted broker answer per request (the real brokers are exercised by
// test/drain.kafka*.test.ts; the failures here — lost answers, moved leaders, duplicates — cannot be
// produced on demand by a real broker).
import { describe, expect, it } from 'vitest';
import { readBatchHeader } from '../../../broker/log/batch';
import { KAFKA_ERRORS, type ProduceBatch, type WireClient } from './client';
import type { SourceRecord } from './source-batches';
import { ProvenanceHeaders } from './temp-batch';
import { TempWriter } from './writer';

const rec = (offset: number, size = 10): SourceRecord => ({
  offset,
  timestamp: 1_700_000_000_000 + offset,
  key: Buffer.from(`k${offset}`),
  value: Buffer.alloc(size, 1),
  headerCount: 0,
  headers: Buffer.alloc(0),
});

type Answer = Map<number, number> | Error;

/** A client whose produce answers come from `script` (one entry per request; default: all acknowledged). */
function fakeClient(script: Answer[] = [], leaders: Record<number, number> = { 0: 1, 1: 1, 2: 2 }) {
  const sent: Array<{ leader: number; batches: ProduceBatch[] }> = [];
  let refreshes = 0;
  const client = {
    leader: (_topic: string, p: number) => leaders[p],
    refresh: async () => {
      refreshes += 1;
    },
    initProducerId: async () => ({ producerId: 77, producerEpoch: 3 }),
    produce: async (leader: number, _topic: string, batches: ProduceBatch[]) => {
      sent.push({ leader, batches });
      const answer = script.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? new Map(batches.map((b) => [b.partition, 0]));
    },
  };
  return { client: client as unknown as WireClient, sent, refreshes: () => refreshes };
}

const provenance = () => new ProvenanceHeaders([['spillway-source-topic', 't']], 'spillway-source-offset');

function writer(client: WireClient, maxBatchBytes = 1 << 20, retries = 3) {
  return new TempWriter(client, 'tmp', provenance, {
    timeoutMs: 1000,
    retries,
    maxBatchBytes,
    signal: new AbortController().signal,
  });
}

const header = (b: ProduceBatch) => readBatchHeader(b.batch, 0);

describe('TempWriter', () => {
  it('writes one batch per temp partition per leader, with the producer id and per-partition sequences', async () => {
    const f = fakeClient();
    const w = writer(f.client);
    await w.init();
    await w.write(
      0,
      new Map([
        [0, [rec(0), rec(1)]],
        [2, [rec(2)]],
      ]),
    );
    await w.write(0, new Map([[0, [rec(3), rec(4), rec(5)]]]));
    expect(f.sent.map((s) => s.leader)).toEqual([1, 2, 1]);
    const [first, second, third] = f.sent.map((s) => s.batches[0] as ProduceBatch);
    expect(header(first as ProduceBatch)).toMatchObject({
      producerId: 77,
      producerEpoch: 3,
      baseSequence: 0,
    });
    expect(header(second as ProduceBatch)).toMatchObject({ baseSequence: 0 });
    expect(header(third as ProduceBatch)).toMatchObject({ baseSequence: 2, lastOffsetDelta: 2 });
  });

  it('sends the same bytes again after a lost answer or a moved leader, and takes a duplicate as written', async () => {
    const lost = Object.assign(new Error('Connection closed'), { name: 'KafkaJSConnectionError' });
    const f = fakeClient([
      lost,
      new Map([[0, KAFKA_ERRORS.NOT_LEADER_OR_FOLLOWER]]),
      new Map([[0, KAFKA_ERRORS.DUPLICATE_SEQUENCE_NUMBER]]),
    ]);
    const w = writer(f.client);
    await w.init();
    await w.write(0, new Map([[0, [rec(0), rec(1)]]]));
    expect(f.sent).toHaveLength(3);
    const bytes = f.sent.map((s) => (s.batches[0] as ProduceBatch).batch.toString('hex'));
    expect(new Set(bytes).size).toBe(1);
    expect(f.refreshes()).toBeGreaterThanOrEqual(2);
    await w.write(0, new Map([[0, [rec(2)]]]));
    expect(header(f.sent[3]?.batches[0] as ProduceBatch).baseSequence).toBe(2);
  });

  it('fails at once on an error a retry cannot fix, and after the last retry on one it could', async () => {
    const f = fakeClient([new Map([[0, KAFKA_ERRORS.TOPIC_AUTHORIZATION_FAILED]])]);
    const w = writer(f.client);
    await w.init();
    await expect(w.write(0, new Map([[0, [rec(0)]]]))).rejects.toThrow(
      /Produce tmp\/0: TOPIC_AUTHORIZATION_FAILED/,
    );
    expect(f.sent).toHaveLength(1);

    const busy = new Map([[0, KAFKA_ERRORS.NOT_ENOUGH_REPLICAS]]);
    const g = fakeClient([busy, busy, busy]);
    const w2 = writer(g.client, 1 << 20, 2);
    await w2.init();
    await expect(w2.write(0, new Map([[0, [rec(0)]]]))).rejects.toThrow(/NOT_ENOUGH_REPLICAS/);
    expect(g.sent).toHaveLength(3);
  });

  it('cuts a partition bigger than maxBatchBytes into batches sent one round after another, in order', async () => {
    const f = fakeClient();
    const w = writer(f.client, 400);
    await w.init();
    await w.write(
      0,
      new Map([
        [0, [rec(0, 100), rec(1, 100), rec(2, 100), rec(3, 100)]],
        [1, [rec(4, 10)]],
      ]),
    );
    // Round 1: partition 0's first batch and partition 1's only one (same leader); round 2: the rest of 0.
    expect(f.sent.map((s) => s.batches.map((b) => [b.partition, header(b).lastOffsetDelta + 1]))).toEqual([
      [
        [0, 2],
        [1, 1],
      ],
      [[0, 2]],
    ]);
    expect(f.sent.map((s) => header(s.batches[0] as ProduceBatch).baseSequence)).toEqual([0, 2]);
  });

  it('queues a second chunk behind the first: one request of a writer at a time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const order: string[] = [];
    const f = fakeClient();
    const produce = f.client.produce.bind(f.client);
    (f.client as { produce: WireClient['produce'] }).produce = async (leader, topic, batches, t) => {
      order.push(`start ${header(batches[0] as ProduceBatch).baseSequence}`);
      if (order.length === 1) await gate;
      const answer = await produce(leader, topic, batches, t);
      order.push(`end ${header(batches[0] as ProduceBatch).baseSequence}`);
      return answer;
    };
    const w = writer(f.client);
    await w.init();
    const a = w.write(0, new Map([[0, [rec(0)]]]));
    const b = w.write(1, new Map([[0, [rec(1)]]]));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['start 0']);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
  });
});
