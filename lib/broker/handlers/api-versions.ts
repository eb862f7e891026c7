import { errorCode } from '../errors';
import { type ApiKey, supportedApiVersions } from '../protocol/api-keys';
import type { Handler } from './context';

/** ApiVersions 0–2: every served api with its version range (v3+ requests are refused by the dispatcher). */
export const apiVersions: Handler<typeof ApiKey.ApiVersions> = () => ({
  errorCode: errorCode('NONE'),
  apiKeys: supportedApiVersions(),
  throttleTimeMs: 0,
});
