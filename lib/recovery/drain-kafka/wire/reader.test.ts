// SourceReader against scripted Fetch answers (moved leaders, lost connections, retention and partial
// batches on demand); test/drain.kafka*.test.ts run it against the embedded broker and Apache Kafka.
import { describe, expect, it } from 'vitest';
import { assignBaseOffset } from '../../../broker/log/batch';
import { type FetchedPartition, KAFKA_ERRORS, type WireClient } from './client';
import { SourceReader } from './reader';
import type { SourceRead, SourceRecord } from './source-batches';
import { encodeTempBatch, ProvenanceHeaders } from './temp-batch';

/** A stored batch of `count` records starting at `base`, as a broker would return it. */
function stored(base: number, count: number): Buffer {
  const records: SourceRecord[] = Array.from({ length: count }, (_, i) => ({
    offset: base + i,
    timestamp: 1_700_000_000_000,
    key: Buffer.from(`k${base + i}`),
    value: Buffer.from(`v${base + i}`),
    headerCount: 0,
    headers: Buffer.alloc(0),
  }));
  const batch = encodeTempBatch(records, new ProvenanceHeaders([], 'o'), {
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
  });
  assignBaseOffset(batch, base, 0);
  return batch;
}

const part = (
  partitionIndex: number,
  errorCode: number,
  records: Buffer | null = null,
): FetchedPartition => ({
  partitionIndex,
  errorCode,
  highWatermark: 100,
  lastStableOffset: 100,
  logStartOffset: 0,
  abortedTransactions: null,
  preferredReadReplica: -1,
  records,
});

type Step = (
  node: number,
  asked: Array<{ partition: number; offset: number; maxBytes: number }>,
) => FetchedPartition[] | Error;

function harness(steps: Step[], leaders: Map<number, number>) {
  const positions = new Map<number, number>([...leaders.keys()].map((p) => [p, 0]));
  const delivered: Array<[number, SourceRead]> = [];
  const outOfRange: Array<[number, number]> = [];
  const asks: Array<{ node: number; asked: Array<{ partition: number; offset: number; maxBytes: number }> }> =
    [];
  let refreshes = 0;
  const stop = new AbortController();
  const client = {
    partitions: () => [...leaders.keys()],
    leader: (_t: string, p: number) => leaders.get(p),
    refresh: async () => {
      refreshes += 1;
    },
    fetch: async (
      node: number,
      _t: string,
      asked: Array<{ partition: number; offset: number; maxBytes: number }>,
    ) => {
      asks.push({ node, asked });
      const step = steps.shift();
      if (!step) {
        stop.abort();
        return [];
      }
      const answer = step(node, asked);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as WireClient;
  const reader = new SourceReader(
    client,
    'src',
    {
      position: (p) => positions.get(p) ?? 0,
      hasRoom: () => true,
      waitForRoom: async () => undefined,
      deliver: (p, read) => {
        delivered.push([p, read]);
        positions.set(p, read.nextOffset);
      },
      outOfRange: async (p, offset) => {
        outOfRange.push([p, offset]);
        positions.set(p, 50);
      },
      stopped: () => stop.signal.aborted,
    },
    {
      maxWaitMs: 10,
      firstBytesPerPartition: 1000,
      maxBytesPerPartition: 1000,
      retries: 2,
      refreshMs: 10,
      signal: stop.signal,
    },
  );
  return { reader, delivered, outOfRange, asks, refreshes: () => refreshes, positions };
}

describe('SourceReader', () => {
  it('reads from each position, hands over the records, and follows the next offset', async () => {
    const h = harness(
      [() => [part(0, 0, stored(0, 3))], () => [part(0, 0, stored(3, 2))]],
      new Map([[0, 1]]),
    );
    await h.reader.run();
    expect(h.asks.slice(0, 3).map((a) => a.asked[0]?.offset)).toEqual([0, 3, 5]);
    expect(h.delivered.flatMap(([, r]) => r.records.map((x) => x.offset))).toEqual([0, 1, 2, 3, 4]);
  });

  it('moves a partition whose position fell below the log start through the outOfRange hook', async () => {
    const h = harness([() => [part(0, KAFKA_ERRORS.OFFSET_OUT_OF_RANGE)]], new Map([[0, 1]]));
    await h.reader.run();
    expect(h.outOfRange).toEqual([[0, 0]]);
    expect(h.asks[1]?.asked[0]?.offset).toBe(50);
  });

  it('reads the leaders again after NOT_LEADER or a lost connection, and asks again from the same offset', async () => {
    const lost = Object.assign(new Error('Connection closed'), { name: 'KafkaJSConnectionError' });
    const h = harness(
      [() => [part(0, KAFKA_ERRORS.NOT_LEADER_OR_FOLLOWER)], () => lost, () => [part(0, 0, stored(0, 1))]],
      new Map([[0, 1]]),
    );
    await h.reader.run();
    expect(h.refreshes()).toBeGreaterThanOrEqual(2);
    expect(h.asks.slice(0, 3).map((a) => a.asked[0]?.offset)).toEqual([0, 0, 0]);
    expect(h.delivered.flatMap(([, r]) => r.records.map((x) => x.offset))).toEqual([0]);
  });

  it('gives up after the retries, and at once on an error no retry can fix', async () => {
    const lost = Object.assign(new Error('Connection closed'), { name: 'KafkaJSConnectionError' });
    const a = harness([() => lost, () => lost, () => lost], new Map([[0, 1]]));
    await expect(a.reader.run()).rejects.toThrow('Connection closed');
    const b = harness([() => [part(0, KAFKA_ERRORS.TOPIC_AUTHORIZATION_FAILED)]], new Map([[0, 1]]));
    await expect(b.reader.run()).rejects.toThrow(/Fetch src\/0: TOPIC_AUTHORIZATION_FAILED/);
  });

  it('asks for more bytes when only part of a batch came back', async () => {
    const whole = stored(0, 5);
    const h = harness(
      [() => [part(0, 0, whole.subarray(0, 40))], () => [part(0, 0, whole)]],
      new Map([[0, 1]]),
    );
    await h.reader.run();
    expect(h.asks.slice(0, 2).map((a) => a.asked[0]?.maxBytes)).toEqual([1000, 2000]);
    expect(h.delivered.flatMap(([, r]) => r.records.map((x) => x.offset))).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs one fetch loop per leader, each asking only for the partitions it leads', async () => {
    const h = harness(
      [
        (node, asked) => asked.map((a) => part(a.partition, 0, stored(0, node))),
        (node, asked) => asked.map((a) => part(a.partition, 0, stored(0, node))),
      ],
      new Map([
        [0, 1],
        [1, 2],
        [2, 1],
      ]),
    );
    await h.reader.run();
    const byNode = new Map<number, number[]>();
    for (const a of h.asks.slice(0, 2))
      byNode.set(
        a.node,
        a.asked.map((x) => x.partition),
      );
    expect(byNode).toEqual(
      new Map([
        [1, [0, 2]],
        [2, [1]],
      ]),
    );
  });
});
