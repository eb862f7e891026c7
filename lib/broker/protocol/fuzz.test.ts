/**
 * Scenario: hostile bytes. Random payloads, random bodies behind a valid header, and mutations of valid
 * frames fed to decodeRequestFrame throw only DecodeError or the typed unsupported errors, never a
 * RangeError, TypeError or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors';
import { type ApiKey, SUPPORTED } from './api-keys';
import { structArbitrary } from './arbitrary.test-util';
import { encodeRequestFrame, type RequestInput } from './codec';
import { decodeRequestFrame } from './header';
import { UnknownApiKeyError, UnsupportedVersionError } from './protocol-errors';
import { SCHEMAS } from './schemas';
import { toBuffer } from './writer';

function decodeSafely(payload: Buffer): void {
  try {
    decodeRequestFrame(payload);
  } catch (err) {
    const typed =
      err instanceof DecodeError ||
      err instanceof UnsupportedVersionError ||
      err instanceof UnknownApiKeyError;
    if (!typed) throw err;
  }
}

const served = (Object.keys(SUPPORTED).map(Number) as ApiKey[]).flatMap((key) => {
  const { min, max } = SUPPORTED[key];
  return Array.from({ length: max - min + 1 }, (_, i) => [key, min + i] as const);
});

const headerFor = fc.constantFrom(...served).map(([key, version]) => {
  const h = Buffer.alloc(10);
  h.writeInt16BE(key, 0);
  h.writeInt16BE(version, 2);
  h.writeInt32BE(1, 4);
  h.writeInt16BE(-1, 8);
  return h;
});

// Generous timeouts: thousands of runs each, and CI runs many suites at once on two cores.
const SLOW = { timeout: 60_000 };

describe('decodeRequestFrame on hostile input', () => {
  it('random payloads', SLOW, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodeSafely(Buffer.from(bytes))),
      { numRuns: 5000 },
    );
  });

  it('random bodies behind a valid header of every served api and version', SLOW, () => {
    fc.assert(
      fc.property(headerFor, fc.uint8Array({ maxLength: 300 }), (header, body) =>
        decodeSafely(Buffer.concat([header, Buffer.from(body)])),
      ),
      { numRuns: 10000 },
    );
  });

  it('mutated and truncated valid frames', SLOW, () => {
    const frame = fc
      .constantFrom(...served)
      .chain(([key, version]) =>
        structArbitrary(SCHEMAS[key].request, version).map((body) =>
          toBuffer(
            encodeRequestFrame(
              key,
              version,
              { correlationId: 9, clientId: 'fuzz' },
              body as RequestInput<ApiKey>,
            ),
          ).subarray(4),
        ),
      );
    const mutation = fc.record({
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
      cut: fc.nat(),
      flips: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(frame, mutation, (payload, m) => {
        const copy = Buffer.from(payload);
        for (let i = 0; i < m.flips; i++) copy[(m.at + i * 7) % copy.length] = m.value;
        decodeSafely(copy);
        decodeSafely(copy.subarray(0, m.cut % (copy.length + 1)));
      }),
      { numRuns: 5000 },
    );
  });

  it('a valid frame decodes, and every strict prefix of it fails with DecodeError', () => {
    const payload = toBuffer(
      encodeRequestFrame(
        1,
        11,
        { correlationId: 3, clientId: 'c' },
        {
          maxWaitMs: 500,
          minBytes: 1,
          topics: [
            { topic: 't', partitions: [{ partition: 0, fetchOffset: 5, partitionMaxBytes: 1 << 20 }] },
          ],
          forgottenTopicsData: [],
        },
      ),
    ).subarray(4);
    expect(decodeRequestFrame(payload).apiKey).toBe(1);
    for (let n = 0; n < payload.length; n++) {
      expect(() => decodeRequestFrame(payload.subarray(0, n))).toThrow(DecodeError);
    }
  });
});
