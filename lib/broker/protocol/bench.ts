/**
 * Micro-benchmark of the hot paths (not a test; never asserts timings).
 * Run: npx tsx lib/broker/protocol/bench.ts
 */
import { performance } from 'node:perf_hooks';
import { ApiKey } from './api-keys';
import { encodeRequestFrame, encodeResponseFrame } from './codec';
import { decodeRequestFrame } from './header';
import { toBuffer } from './writer';

function bench(name: string, fn: () => unknown, minMs = 1500): void {
  for (let i = 0; i < 20_000; i++) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
    now = performance.now();
  }
  const perSec = (ops / (now - start)) * 1000;
  console.log(`${name.padEnd(58)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} ops/s`);
}

const records1k = Buffer.alloc(1024, 1);
const records1m = Buffer.alloc(1 << 20, 2);

const produceRequest = toBuffer(
  encodeRequestFrame(
    ApiKey.Produce,
    8,
    { correlationId: 1, clientId: 'bench-producer' },
    {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: 'orders', partitionData: [{ index: 3, records: records1k }] }],
    },
  ),
).subarray(4);

const fetchRequest = toBuffer(
  encodeRequestFrame(
    ApiKey.Fetch,
    11,
    { correlationId: 2, clientId: 'bench-consumer' },
    {
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52428800,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'orders',
          partitions: Array.from({ length: 6 }, (_, p) => ({
            partition: p,
            fetchOffset: 123456 + p,
            partitionMaxBytes: 1048576,
          })),
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    },
  ),
).subarray(4);

const metadataBody = {
  throttleTimeMs: 0,
  brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
  clusterId: 'spillway',
  controllerId: 1,
  topics: Array.from({ length: 10 }, (_, t) => ({
    errorCode: 0,
    name: `topic-${t}`,
    isInternal: false,
    partitions: Array.from({ length: 10 }, (_, p) => ({
      errorCode: 0,
      partitionIndex: p,
      leaderId: 1,
      leaderEpoch: 0,
      replicaNodes: [1],
      isrNodes: [1],
      offlineReplicas: [],
    })),
  })),
};

console.log(`node ${process.version}`);
bench('decode Produce v8 request frame (1 partition, 1 KiB records)', () =>
  decodeRequestFrame(produceRequest),
);
bench('encode Produce v8 response frame (1 partition)', () =>
  encodeResponseFrame(ApiKey.Produce, 8, 1, {
    responses: [{ name: 'orders', partitionResponses: [{ index: 3, errorCode: 0, baseOffset: 123456789 }] }],
  }),
);
bench('decode Fetch v11 request frame (6 partitions)', () => decodeRequestFrame(fetchRequest));
bench('encode Fetch v11 response frame (1 partition, 1 MiB records)', () =>
  encodeResponseFrame(ApiKey.Fetch, 11, 2, {
    responses: [
      {
        topic: 'orders',
        partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1e6, records: records1m }],
      },
    ],
  }),
);
bench('encode Fetch v11 response frame (6 partitions, 1 KiB each)', () =>
  encodeResponseFrame(ApiKey.Fetch, 11, 2, {
    responses: [
      {
        topic: 'orders',
        partitions: Array.from({ length: 6 }, (_, p) => ({
          partitionIndex: p,
          errorCode: 0,
          highWatermark: 1e6,
          records: records1k,
        })),
      },
    ],
  }),
);
bench('encode Metadata v8 response frame (10 topics x 10 partitions)', () =>
  encodeResponseFrame(ApiKey.Metadata, 8, 3, metadataBody),
);
