/** Scenario: every served api and version round-trips arbitrary bodies (encode → bytes → decode) exactly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiKey, apiName, SUPPORTED } from './api-keys';
import { structArbitrary } from './arbitrary.test-util';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  type RequestInput,
  type ResponseInput,
} from './codec';
import { SCHEMAS } from './schemas';
import { toBuffer } from './writer';

const keys = Object.keys(SUPPORTED).map(Number) as ApiKey[];

describe.each(keys)('api %i round-trips', (key) => {
  const { min, max } = SUPPORTED[key];
  const versions = Array.from({ length: max - min + 1 }, (_, i) => min + i);

  it.each(versions)(`${apiName(key)} request v%i`, { timeout: 30_000 }, (version) => {
    fc.assert(
      fc.property(structArbitrary(SCHEMAS[key].request, version), (body) => {
        const bytes = toBuffer(encodeRequest(key, version, body as RequestInput<typeof key>));
        expect(decodeRequest(key, version, bytes)).toEqual(body);
      }),
      { numRuns: 60 },
    );
  });

  it.each(versions)(`${apiName(key)} response v%i`, { timeout: 30_000 }, (version) => {
    fc.assert(
      fc.property(structArbitrary(SCHEMAS[key].response, version), (body) => {
        const bytes = toBuffer(encodeResponse(key, version, body as ResponseInput<typeof key>));
        expect(decodeResponse(key, version, bytes)).toEqual(body);
      }),
      { numRuns: 60 },
    );
  });
});
