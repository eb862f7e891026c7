/**
 * Scenario: whole frames. Request headers from kafkajs, a librdkafka-style ApiVersions v3 request with a
 * flexible (v2) header answered by the v0-layout fallback, typed refusals for unknown keys and unsupported
 * versions, and size-prefixed response frames split into chunks.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors';
import { ApiKey, FIRST_FLEXIBLE, SUPPORTED, supportedApiVersions } from './api-keys';
import { decodeResponse, encodeRequestFrame, encodeResponseFrame } from './codec';
import { apiVersionsFallbackFrame, decodeRequestFrame } from './header';
import { UnknownApiKeyError, UnsupportedVersionError } from './protocol-errors';
import { SCHEMAS } from './schemas';
import { toBuffer } from './writer';

const require = createRequire(import.meta.url);

/** A kafkajs request frame (size prefix stripped), built by kafkajs's own request.js. */
async function kafkajsFrame(
  api: string,
  version: number,
  args: unknown,
  correlationId: number,
): Promise<Buffer> {
  const createRequest = require('kafkajs/src/protocol/request.js') as (
    o: unknown,
  ) => Promise<{ buffer: Buffer }>;
  const factory = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as (
    a: unknown,
  ) => unknown;
  const framed = await createRequest({ correlationId, clientId: 'spillway-test', request: factory(args) });
  expect(framed.buffer.readInt32BE(0)).toBe(framed.buffer.length - 4);
  return framed.buffer.subarray(4);
}

/** ApiVersions v3 as librdkafka sends it: request header v2 (tagged fields), compact-string body. */
function apiVersionsV3(correlationId: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeInt16BE(ApiKey.ApiVersions, 0);
  h.writeInt16BE(3, 2);
  h.writeInt32BE(correlationId, 4);
  const clientId = Buffer.from('rdkafka');
  const len = Buffer.alloc(2);
  len.writeInt16BE(clientId.length);
  const name = Buffer.from('librdkafka');
  const ver = Buffer.from('2.3.0');
  return Buffer.concat([
    h,
    len,
    clientId,
    Buffer.from([0]), // header tagged fields: none
    Buffer.from([name.length + 1]),
    name,
    Buffer.from([ver.length + 1]),
    ver,
    Buffer.from([0]), // body tagged fields: none
  ]);
}

describe('decodeRequestFrame', () => {
  it('reads a kafkajs Heartbeat v3 frame into header and typed body', async () => {
    const payload = await kafkajsFrame(
      'heartbeat',
      3,
      { groupId: 'g', groupGenerationId: 2, memberId: 'm', groupInstanceId: null },
      77,
    );
    const frame = decodeRequestFrame(payload);
    expect(frame.header).toEqual({ apiKey: 12, apiVersion: 3, correlationId: 77, clientId: 'spillway-test' });
    if (frame.apiKey !== ApiKey.Heartbeat) throw new Error('expected a Heartbeat');
    expect(frame.body).toEqual({ groupId: 'g', generationId: 2, memberId: 'm', groupInstanceId: null });
  });

  it('round-trips our own request frames', () => {
    const e = encodeRequestFrame(
      ApiKey.SaslHandshake,
      1,
      { correlationId: 5, clientId: null },
      { mechanism: 'PLAIN' },
    );
    const bytes = toBuffer(e);
    expect(bytes.readInt32BE(0)).toBe(bytes.length - 4);
    const frame = decodeRequestFrame(bytes.subarray(4));
    expect(frame.header).toEqual({ apiKey: 17, apiVersion: 1, correlationId: 5, clientId: null });
    expect(frame.body).toEqual({ mechanism: 'PLAIN' });
  });

  it('refuses ApiVersions v3 (flexible header) with its correlation id, and the fallback answers in v0 layout', async () => {
    let caught: unknown;
    try {
      decodeRequestFrame(apiVersionsV3(42));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnsupportedVersionError);
    expect((caught as UnsupportedVersionError).request).toEqual({
      apiKey: 18,
      apiVersion: 3,
      correlationId: 42,
      clientId: 'rdkafka',
    });
    expect((caught as UnsupportedVersionError).code).toBe(35);

    const answer = toBuffer(apiVersionsFallbackFrame(42));
    expect(answer.readInt32BE(0)).toBe(answer.length - 4);
    expect(answer.readInt32BE(4)).toBe(42);
    const body = decodeResponse(ApiKey.ApiVersions, 0, answer.subarray(8));
    expect(body.errorCode).toBe(35);
    expect(body.apiKeys).toEqual(supportedApiVersions());
    // kafkajs's v0 decoder treats UNSUPPORTED_VERSION as "retry at a lower version": proof it read the code.
    const v0 = require('kafkajs/src/protocol/requests/apiVersions/v0/response.js') as {
      decode: (b: Buffer) => Promise<unknown>;
    };
    await expect(v0.decode(answer.subarray(8))).rejects.toThrow(/version/i);
  });

  it.each([
    ['unknown api key', 1000, 0, UnknownApiKeyError],
    ['a known key we do not serve (LeaderAndIsr)', 4, 0, UnknownApiKeyError],
    ['Fetch v3 (below range)', 1, 3, UnsupportedVersionError],
    ['Fetch v12 (flexible)', 1, 12, UnsupportedVersionError],
  ])('throws a typed refusal for %s', (_name, key, version, type) => {
    const b = Buffer.alloc(10);
    b.writeInt16BE(key, 0);
    b.writeInt16BE(version, 2);
    b.writeInt32BE(9, 4);
    b.writeInt16BE(-1, 8);
    expect(() => decodeRequestFrame(b)).toThrow(type);
  });

  it('throws DecodeError for a truncated header', () => {
    expect(() => decodeRequestFrame(Buffer.from([0, 3, 0]))).toThrow(DecodeError);
  });
});

describe('encodeResponseFrame', () => {
  it('prefixes the size and correlation id and keeps a large record set as its own chunk', () => {
    const records = Buffer.alloc(1 << 20, 1);
    const e = encodeResponseFrame(ApiKey.Fetch, 11, 99, {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        { topic: 't', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1, records }] },
      ],
    });
    expect(e.chunks.includes(records)).toBe(true);
    expect(e.chunks.reduce((n, c) => n + c.length, 0)).toBe(e.length);
    const first = e.chunks[0] as Buffer;
    expect(first.readInt32BE(0)).toBe(e.length - 4);
    expect(first.readInt32BE(4)).toBe(99);
    const body = decodeResponse(ApiKey.Fetch, 11, toBuffer(e).subarray(8));
    // Buffer.equals, not toEqual: a deep compare of 1 MiB element by element is needlessly slow.
    expect(body.responses[0]?.partitions[0]?.records?.equals(records)).toBe(true);
  });
});

describe('api table', () => {
  it('serves only non-flexible versions, and has a schema for every served api', () => {
    for (const [key, range] of Object.entries(SUPPORTED)) {
      expect(range.max).toBeLessThan(FIRST_FLEXIBLE[Number(key) as ApiKey]);
      expect(SCHEMAS[Number(key) as ApiKey]).toBeDefined();
    }
    expect(supportedApiVersions().map((a) => a.apiKey)).toEqual(Object.values(ApiKey).sort((a, b) => a - b));
  });
});
