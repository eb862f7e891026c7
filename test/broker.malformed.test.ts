/*
 * Scenario: garbage reaches the broker's port — random bytes, a frame cut off mid-way, a size prefix
 * far beyond the limit, api keys and versions it does not serve, a newer client's ApiVersions v3, and a
 * Produce whose record batch fails its CRC. Each is answered the way Kafka clients expect (or the
 * offending connection is closed), nothing bad is written, and afterwards a kafkajs client that was
 * connected all along, and a new one, still work.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, decodeResponse, encodeRequestFrame, toBuffer } from '../lib/broker/protocol';
import { startTestBroker, type TestBroker } from './helpers/broker';
import { highWatermarks, kafkaFor, readAll } from './helpers/kafkajs';
import {
  apiVersionsV3Frame,
  legacyMessageSet,
  RawConnection,
  rawRequestFrame,
  recordBatch,
} from './helpers/raw-kafka';
import { eventually, uniqueName } from './helpers/services';

const MAX_FRAME = 64 * 1024;
const CORRUPT_MESSAGE = 2;
const UNSUPPORTED_VERSION = 35;
const UNSUPPORTED_FOR_MESSAGE_FORMAT = 43;

let tb: TestBroker;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let canary: string;
let baselineConnections: number;
const raws: RawConnection[] = [];

/** The long-lived client still works, a new one connects and works, and bad connections are gone. */
async function expectStillServing(): Promise<void> {
  for (const c of raws.splice(0)) c.destroy();
  const before = (await highWatermarks(admin, canary)).get(0) ?? 0;
  await producer.send({ topic: canary, acks: -1, messages: [{ value: `alive-${before}` }] });
  const fresh = kafkaFor(tb.bootstrap).admin();
  await fresh.connect();
  try {
    expect((await highWatermarks(fresh, canary)).get(0)).toBe(before + 1);
  } finally {
    await fresh.disconnect();
  }
  await eventually(() => (tb.broker.connectionCount <= baselineConnections ? true : undefined), {
    what: `connections back to ${baselineConnections} (now ${tb.broker.connectionCount})`,
  });
}

async function open(): Promise<RawConnection> {
  const c = await RawConnection.open(tb.broker.port);
  raws.push(c);
  return c;
}

/** Sends `bytes` on a new connection and expects the broker to close it without answering. */
async function expectRefused(bytes: Buffer, what: string): Promise<void> {
  const c = await open();
  await c.write(bytes).catch(() => undefined);
  expect(await c.expectClosedByPeer(), `${what}: responses before close`).toBe(0);
}

/** A deterministic PRNG (mulberry32), so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function metadataFrame(correlationId: number): Buffer {
  return toBuffer(
    encodeRequestFrame(
      ApiKey.Metadata,
      1,
      { correlationId, clientId: 'raw-test' },
      {
        topics: [],
        allowAutoTopicCreation: false,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      },
    ),
  );
}

function produceFrame(
  correlationId: number,
  partitions: { topic: string; partition: number; records: Buffer }[],
  version = 7,
): Buffer {
  const topics = [...new Set(partitions.map((p) => p.topic))];
  return toBuffer(
    encodeRequestFrame(
      ApiKey.Produce,
      version,
      { correlationId, clientId: 'raw-test' },
      {
        transactionalId: null,
        acks: -1,
        timeoutMs: 10_000,
        topicData: topics.map((name) => ({
          name,
          partitionData: partitions
            .filter((p) => p.topic === name)
            .map((p) => ({ index: p.partition, records: p.records })),
        })),
      },
    ),
  );
}

beforeAll(async () => {
  tb = await startTestBroker({ maxFrameBytes: MAX_FRAME });
  kafka = kafkaFor(tb.bootstrap);
  admin = kafka.admin();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  canary = uniqueName('canary');
  await admin.createTopics({ topics: [{ topic: canary, numPartitions: 1 }] });
  await producer.send({ topic: canary, acks: -1, messages: [{ value: 'first' }] });
  await highWatermarks(admin, canary);
  baselineConnections = tb.broker.connectionCount;
});

afterEach(() => {
  for (const c of raws.splice(0)) c.destroy();
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
  await tb?.close();
});

describe('malformed input over raw TCP', () => {
  it('random bytes in well-sized frames close only their own connection', async () => {
    const random = prng(20240607);
    for (let i = 0; i < 40; i++) {
      const payload = Buffer.alloc(1 + Math.floor(random() * 300));
      for (let j = 0; j < payload.length; j++) payload[j] = Math.floor(random() * 256);
      const frame = Buffer.alloc(4 + payload.length);
      frame.writeInt32BE(payload.length, 0);
      payload.copy(frame, 4);
      await expectRefused(frame, `random frame ${i} (${payload.toString('hex').slice(0, 40)}...)`);
    }
    await expectStillServing();
  });

  it('random bytes then the client hangs up leave nothing behind', async () => {
    const random = prng(7);
    for (let i = 0; i < 20; i++) {
      const c = await open();
      const bytes = Buffer.alloc(1 + Math.floor(random() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      await c.write(bytes).catch(() => undefined);
      c.socket.end();
      await c.closed;
    }
    await expectStillServing();
  });

  it('a truncated frame followed by a close is dropped; a frame shorter than a header is refused', async () => {
    const whole = metadataFrame(11);
    // the size prefix promises the whole request; only part of it arrives before the client leaves
    const c = await open();
    await c.write(whole.subarray(0, whole.length - 5));
    c.socket.end();
    await c.closed;
    expect(c.unreadFrames).toBe(0);
    // a complete frame too short to hold a request header
    await expectRefused(Buffer.from([0, 0, 0, 3, 0, 3, 0]), 'three-byte frame');
    await expectStillServing();
  });

  it(`a size prefix above maxFrameBytes (${MAX_FRAME}) is refused before the body arrives; exactly the limit is served`, async () => {
    const huge = Buffer.alloc(4);
    huge.writeInt32BE(MAX_FRAME + 1, 0);
    await expectRefused(huge, 'size limit + 1');
    huge.writeInt32BE(0x7fffffff, 0);
    await expectRefused(huge, 'size 2^31-1');
    huge.writeInt32BE(-5, 0);
    await expectRefused(huge, 'negative size');

    // a Metadata request padded to exactly the limit (Kafka ignores bytes after the body)
    const request = metadataFrame(12);
    const padded = Buffer.alloc(4 + MAX_FRAME);
    request.copy(padded);
    padded.writeInt32BE(MAX_FRAME, 0);
    const c = await open();
    await c.write(padded);
    const response = await c.nextFrame();
    expect(response.readInt32BE(0)).toBe(12);
    const body = decodeResponse(ApiKey.Metadata, 1, response, 4);
    expect(body.brokers.map((b) => b.port)).toEqual([tb.broker.port]);
    await expectStillServing();
  });

  it('unknown api keys close the connection without an answer', async () => {
    await expectRefused(rawRequestFrame(999, 0, 21), 'api key 999');
    await expectRefused(rawRequestFrame(-1, 0, 22), 'api key -1');
    // a real Kafka api this broker does not serve (DescribeUserScramCredentials)
    await expectRefused(rawRequestFrame(50, 0, 23, Buffer.from([0, 0, 0, 0])), 'api key 50');
    await expectStillServing();
  });

  it('unsupported versions of served apis close the connection without an answer', async () => {
    // Fetch v12 is flexible (header v2); Fetch v3 predates record batches; Produce v9 is flexible
    const fetchV12 = rawRequestFrame(ApiKey.Fetch, 12, 31, Buffer.alloc(40));
    await expectRefused(fetchV12, 'Fetch v12');
    await expectRefused(rawRequestFrame(ApiKey.Fetch, 3, 32, Buffer.alloc(40)), 'Fetch v3');
    await expectRefused(rawRequestFrame(ApiKey.Produce, 9, 33, Buffer.alloc(40)), 'Produce v9');
    await expectRefused(rawRequestFrame(ApiKey.Metadata, 9, 34, Buffer.alloc(40)), 'Metadata v9');
    // the refusal happens on the request that is refused, not before: a good request first is answered
    const c = await open();
    await c.write(
      Buffer.concat([metadataFrame(35), rawRequestFrame(ApiKey.Fetch, 12, 36, Buffer.alloc(40))]),
    );
    expect((await c.nextFrame()).readInt32BE(0)).toBe(35);
    expect(await c.expectClosedByPeer()).toBe(0);
    await expectStillServing();
  });

  it('ApiVersions v3 gets the v0-layout UNSUPPORTED_VERSION answer with the api list; v2 then works', async () => {
    const c = await open();
    await c.write(apiVersionsV3Frame(41));
    const fallback = await c.nextFrame();
    expect(fallback.readInt32BE(0)).toBe(41);
    // response header v0 (no tagged fields) and the v0 body: error code, then the api array
    const v0 = decodeResponse(ApiKey.ApiVersions, 0, fallback, 4);
    expect(v0.errorCode).toBe(UNSUPPORTED_VERSION);
    expect(fallback.length).toBe(4 + 2 + 4 + v0.apiKeys.length * 6);
    const byKey = new Map(v0.apiKeys.map((a) => [a.apiKey, a]));
    expect(byKey.get(ApiKey.ApiVersions)).toEqual({ apiKey: 18, minVersion: 0, maxVersion: 2 });
    expect(byKey.get(ApiKey.Fetch)).toEqual({ apiKey: 1, minVersion: 4, maxVersion: 11 });
    // Produce from v0: librdkafka < 2.11.1 only compresses (gzip, snappy, lz4) when v0 is listed
    expect(byKey.get(ApiKey.Produce)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 8 });
    expect(byKey.get(ApiKey.Metadata)).toEqual({ apiKey: 3, minVersion: 0, maxVersion: 8 });
    expect(v0.apiKeys.length).toBeGreaterThanOrEqual(25);

    // the connection stays open: the client retries at a version the broker serves
    await c.write(
      toBuffer(encodeRequestFrame(ApiKey.ApiVersions, 2, { correlationId: 42, clientId: 'raw' }, {})),
    );
    const retry = await c.nextFrame();
    expect(retry.readInt32BE(0)).toBe(42);
    const v2 = decodeResponse(ApiKey.ApiVersions, 2, retry, 4);
    expect(v2.errorCode).toBe(0);
    expect(v2.apiKeys).toEqual(v0.apiKeys);
    expect(c.isClosed).toBe(false);
    await expectStillServing();
  });

  it('a record batch with a bad CRC gets CORRUPT_MESSAGE and writes nothing; the intact batch is then appended', async () => {
    const topic = uniqueName('crc');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await producer.send({
      topic,
      acks: -1,
      messages: [0, 1, 2].map((i) => ({ value: `ok-${i}`, partition: 0 })),
    });
    expect((await highWatermarks(admin, topic)).get(0)).toBe(3);

    const good = await recordBatch([
      { key: 'k1', value: 'raw-1' },
      { key: 'k2', value: 'raw-2' },
    ]);
    const bad = Buffer.from(good);
    bad[bad.length - 3] = (bad[bad.length - 3] as number) ^ 0xff; // a value byte, covered by the CRC
    const c = await open();
    await c.write(produceFrame(51, [{ topic, partition: 0, records: bad }]));
    const r1 = decodeResponse(ApiKey.Produce, 7, await c.nextFrame(), 4);
    expect(r1.responses[0]?.partitionResponses[0]).toMatchObject({
      index: 0,
      errorCode: CORRUPT_MESSAGE,
      baseOffset: -1,
    });
    expect((await highWatermarks(admin, topic)).get(0)).toBe(3);

    // a batch whose length runs past the end of the request, and a legacy magic-1 message set
    const truncated = good.subarray(0, good.length - 10);
    await c.write(produceFrame(52, [{ topic, partition: 0, records: truncated }]));
    const r2 = decodeResponse(ApiKey.Produce, 7, await c.nextFrame(), 4);
    expect(r2.responses[0]?.partitionResponses[0]?.errorCode).toBe(CORRUPT_MESSAGE);
    await c.write(
      produceFrame(53, [{ topic, partition: 0, records: legacyMessageSet([{ key: 'a', value: 'old' }]) }]),
    );
    const r3 = decodeResponse(ApiKey.Produce, 7, await c.nextFrame(), 4);
    expect(r3.responses[0]?.partitionResponses[0]?.errorCode).toBe(UNSUPPORTED_FOR_MESSAGE_FORMAT);
    // the same through Produce v2, as a pre-0.11 client sends it: answered in the v2 layout
    await c.write(
      produceFrame(56, [{ topic, partition: 0, records: legacyMessageSet([{ key: 'a', value: 'old' }]) }], 2),
    );
    const r3v2 = decodeResponse(ApiKey.Produce, 2, await c.nextFrame(), 4);
    expect(r3v2.responses[0]?.partitionResponses[0]).toMatchObject({
      index: 0,
      errorCode: UNSUPPORTED_FOR_MESSAGE_FORMAT,
      baseOffset: -1,
    });
    expect((await highWatermarks(admin, topic)).get(0)).toBe(3);

    // one request, two partitions: the corrupt one is refused, the intact one written
    await c.write(
      produceFrame(54, [
        { topic, partition: 0, records: bad },
        { topic, partition: 1, records: good },
      ]),
    );
    const r4 = decodeResponse(ApiKey.Produce, 7, await c.nextFrame(), 4);
    const parts = new Map(r4.responses[0]?.partitionResponses.map((p) => [p.index, p]));
    expect(parts.get(0)?.errorCode).toBe(CORRUPT_MESSAGE);
    expect(parts.get(1)).toMatchObject({ errorCode: 0, baseOffset: 0 });

    // the same connection is still usable: the intact batch lands right after the existing records
    await c.write(produceFrame(55, [{ topic, partition: 0, records: good }]));
    const r5 = decodeResponse(ApiKey.Produce, 7, await c.nextFrame(), 4);
    expect(r5.responses[0]?.partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(Object.fromEntries(await highWatermarks(admin, topic))).toEqual({ 0: 5, 1: 2 });

    const messages = await readAll(kafka, topic);
    expect(messages.filter((m) => m.partition === 0).map((m) => `${m.offset}:${m.key}:${m.value}`)).toEqual([
      '0:null:ok-0',
      '1:null:ok-1',
      '2:null:ok-2',
      '3:k1:raw-1',
      '4:k2:raw-2',
    ]);
    await expectStillServing();
  });
});
