/**
 * Test helpers for golden bytes. kafkajs (an independent implementation) encodes requests and decodes
 * responses; the bytes are pinned as hex in fixtures/*.json so that any change on either side shows.
 * Run with UPDATE_GOLDEN=1 to (re)write missing or changed fixtures, then review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiKey } from './api-keys';
import { decodeRequest, encodeRequest, encodeResponse, type RequestInput, type ResponseInput } from './codec';
import { toBuffer } from './writer';

const require = createRequire(import.meta.url);

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode: () => Promise<{ buffer: Buffer }>;
}

type RequestFactory = (args: unknown) => KafkajsRequest;
interface ResponseModule {
  decode: (raw: Buffer) => Promise<unknown>;
}

/** Encodes a request body with kafkajs's own encoder `requests/<api>/v<version>/request.js`. */
export async function kafkajsRequestBody(api: string, version: number, args: unknown): Promise<Buffer> {
  const factory = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as RequestFactory;
  const request = factory(args);
  expect(request.apiVersion).toBe(version);
  return (await request.encode()).buffer;
}

/** kafkajs Long / bigint values (int64) become decimal strings, like kafkajs's other decoders return them. */
function normalizeLongs(x: unknown): unknown {
  if (typeof x === 'bigint') return String(x);
  if (Array.isArray(x)) return x.map(normalizeLongs);
  if (x && typeof x === 'object' && !Buffer.isBuffer(x)) {
    if ('low' in x && 'high' in x && 'unsigned' in x) return String(x);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalizeLongs(v)]));
  }
  return x;
}

/** Decodes a response body with kafkajs's own decoder `requests/<api>/v<version>/response.js`. */
export async function kafkajsDecodeResponse(api: string, version: number, body: Buffer): Promise<unknown> {
  const loaded = require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`) as
    | ResponseModule
    | ((requestTopics: unknown[]) => ResponseModule);
  // DeleteRecords exports a factory over the request's topics.
  const mod = typeof loaded === 'function' ? loaded([]) : loaded;
  return normalizeLongs(await mod.decode(body));
}

/** Record batch helpers from kafkajs, to build and read real record sets in tests. */
export function kafkajsRecordBatchDecoder(): (
  decoder: unknown,
) => Promise<{ records: { key: Buffer; value: Buffer }[] }> {
  return require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as never;
}

export function kafkajsDecoder(buf: Buffer): unknown {
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
  return new Decoder(buf);
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** A pinned hex fixture file: `check(name, bytes)` asserts equality with the stored hex. */
export function goldenFile(file: string) {
  const path = new URL(`./fixtures/${file}`, import.meta.url);
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    stored = {};
  }
  const seen: Record<string, string> = {};
  return {
    check(name: string, bytes: Buffer): void {
      const hex = bytes.toString('hex');
      seen[name] = hex;
      if (UPDATE) return;
      expect(stored[name], `fixture '${name}' missing in ${file}: run with UPDATE_GOLDEN=1`).toBeDefined();
      expect(hex, `bytes of '${name}' differ from ${file}`).toBe(stored[name]);
    },
    hex(name: string): Buffer {
      return Buffer.from(stored[name] ?? seen[name] ?? '', 'hex');
    },
    save(): void {
      if (!UPDATE) return;
      const merged = Object.fromEntries(
        Object.entries({ ...stored, ...seen }).sort(([a], [b]) => a.localeCompare(b)),
      );
      writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
    },
  };
}

export const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** One kafkajs request scenario over several versions: kafkajs args and our expected decoded body. */
export interface RequestCase {
  name: string;
  api: ApiKey;
  kafkajs: string;
  versions: number[];
  args: (v: number) => unknown;
  expected: (v: number) => unknown;
}

/**
 * For each case and version: kafkajs encodes; the bytes match the pinned fixture; our decoder yields the
 * expected body; our encoder turns that body back into kafkajs's exact bytes.
 */
export function runRequestCases(file: string, cases: RequestCase[]): void {
  const golden = goldenFile(file);
  afterAll(() => golden.save());
  describe.each(cases)('kafkajs $kafkajs request: $name', (c) => {
    it.each(c.versions)('v%i', async (v) => {
      const bytes = await kafkajsRequestBody(c.kafkajs, v, c.args(v));
      golden.check(`${c.kafkajs} v${v} ${c.name}`, bytes);
      const body = decodeRequest(c.api, v, bytes);
      expect(body).toEqual(c.expected(v));
      const again = toBuffer(encodeRequest(c.api, v, body as RequestInput<ApiKey>));
      expect(again.toString('hex')).toBe(bytes.toString('hex'));
    });
  });
}

/** One response scenario: our body to encode, and what kafkajs's decoder must read from our bytes. */
export interface ResponseCase {
  name: string;
  api: ApiKey;
  kafkajs: string;
  versions: number[];
  body: (v: number) => unknown;
  /** Partial expectation on kafkajs's decoded object (its own field names; int64 as strings). */
  expected: (v: number) => Record<string, unknown>;
  /** Version from which the response carries ThrottleTimeMs (sent as 7 by the body). */
  throttleFrom?: number;
}

/**
 * For each case and version: our encoder's bytes match the pinned fixture, and kafkajs's own decoder
 * reads them back as expected (including the throttle time, wherever kafkajs files it).
 */
export function runResponseCases(file: string, cases: ResponseCase[]): void {
  const golden = goldenFile(file);
  afterAll(() => golden.save());
  describe.each(cases)('kafkajs $kafkajs response: $name', (c) => {
    it.each(c.versions)('v%i', async (v) => {
      const bytes = toBuffer(encodeResponse(c.api, v, c.body(v) as ResponseInput<ApiKey>));
      golden.check(`${c.kafkajs} v${v} ${c.name}`, bytes);
      const decoded = (await kafkajsDecodeResponse(c.kafkajs, v, bytes)) as Record<string, unknown>;
      expect(decoded).toMatchObject(c.expected(v));
      if (c.throttleFrom !== undefined && v >= c.throttleFrom) {
        const throttle = [decoded.throttleTime, decoded.clientSideThrottleTime, decoded.throttleTimeMs];
        expect(throttle).toContain(7);
      }
    });
  });
}
