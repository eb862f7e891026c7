/** ApiVersions (key 18), versions 0-2. Versions 3+ are flexible and are refused with a v0-layout answer. */
import { array, int16, int32, struct } from '../schema';

export const apiVersions = {
  request: struct({}),
  response: struct({
    errorCode: int16(),
    apiKeys: array(struct({ apiKey: int16(), minVersion: int16(), maxVersion: int16() })),
    throttleTimeMs: int32({ v: '1+' }),
  }),
};
