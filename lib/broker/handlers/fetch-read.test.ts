/**
 * Scenario: a Fetch whose partition limits fit its total budget reads its partitions concurrently (readAll);
 * for any stored batches, offsets and limits, the answer is byte for byte the one of the sequential pass
 * (readInTurn), KIP-74 included: only the first partition with data may exceed its limit.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogManager } from '../log';
import { simpleBatch } from '../log/test-fixtures/batches';
import type { BrokerCore } from './context';
import { silentLogger } from './context';
import { type FetchRequest, readAll, readInTurn, readOnce } from './fetch-read';

const TOPIC = 'fetch-read';
const PARTITIONS = 4;
const logs = new MemoryLogManager();
const core = { logs, log: silentLogger } as unknown as BrokerCore;
/** Batch sizes and base offsets per partition, in offset order. */
const sizes: number[][] = [];
const bases: number[][] = [];

beforeAll(async () => {
  await logs.createTopic(TOPIC, PARTITIONS);
  // Batches of different sizes (1 to 40 records, short and long values): some larger than small limits.
  for (let p = 0; p < PARTITIONS; p++) {
    sizes.push([]);
    bases.push([]);
    for (let b = 0; b < 12; b++) {
      const batch = simpleBatch(1 + ((p * 7 + b * 5) % 40), 'x'.repeat(1 + ((p + b) % 3) * 60));
      const { baseOffset } = await logs.partition(TOPIC, p).append(batch);
      sizes[p]?.push(batch.length);
      bases[p]?.push(baseOffset);
    }
  }
});

afterAll(() => logs.close());

function request(
  maxBytes: number,
  parts: { partition: number; offset: number; max: number }[],
): FetchRequest {
  return {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: TOPIC,
        partitions: parts.map((p) => ({
          partition: p.partition,
          currentLeaderEpoch: -1,
          fetchOffset: p.offset,
          logStartOffset: -1,
          partitionMaxBytes: p.max,
        })),
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  } as unknown as FetchRequest;
}

describe('Fetch read passes', () => {
  it('answers concurrently exactly as in turn, for any offsets and limits that fit the budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            partition: fc.integer({ min: 0, max: PARTITIONS }), // PARTITIONS itself: an unknown partition
            offset: fc.integer({ min: 0, max: 400 }),
            max: fc.integer({ min: 0, max: 6_000 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 8_000 }),
        async (parts, slack) => {
          const wanted = parts.reduce((n, p) => n + p.max, 0);
          const req = request(wanted + slack, parts);
          const concurrent = await readAll(req, core, wanted + slack);
          const inTurn = await readInTurn(req, core, wanted + slack);
          expect(concurrent).toEqual(inTurn);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns an oversized first batch whole (KIP-74) and nothing above its limit from later partitions', async () => {
    const first = sizes[0]?.[0] as number;
    const second = sizes[1]?.[0] as number;
    const pass = await readOnce(
      request(100_000, [
        { partition: 0, offset: 0, max: 1 },
        { partition: 1, offset: 0, max: second - 1 },
        { partition: 2, offset: 0, max: 50_000 },
      ]),
      core,
    );
    const [p0, p1, p2] = pass.responses[0]?.partitions ?? [];
    expect(p0?.records?.length).toBe(first);
    expect(p1?.records?.length).toBe(0);
    expect(p2?.records?.length).toBe(sizes[2]?.reduce((a, b) => a + b, 0));
    expect(pass.bytes).toBe(first + (p2?.records?.length ?? 0));
  });

  it('stops at the total budget once an oversized first batch has used it up', async () => {
    // The largest batch of partition 0 first, then the smallest of partition 1 (which fits its own limit).
    const p0 = sizes[0] as number[];
    const p1 = sizes[1] as number[];
    const big = p0.indexOf(Math.max(...p0));
    const small = p1.indexOf(Math.min(...p1));
    const first = p0[big] as number;
    const budget = first - 10;
    expect(p1[small]).toBeLessThan(budget - 10);
    // The limits add up to the budget, but the oversized batch takes more than all of it.
    const pass = await readOnce(
      request(budget, [
        { partition: 0, offset: bases[0]?.[big] as number, max: 10 },
        { partition: 1, offset: bases[1]?.[small] as number, max: budget - 10 },
      ]),
      core,
    );
    const [r0, r1] = pass.responses[0]?.partitions ?? [];
    expect(r0?.records?.length).toBe(first);
    expect(r1?.records?.length).toBe(0);
    expect(r1?.errorCode).toBe(0);
  });
});
