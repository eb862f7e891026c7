/** SaslAuthenticate (key 36), versions 0-1. */
import { bytes, int16, int64, string, struct } from '../schema';

export const saslAuthenticate = {
  request: struct({ authBytes: bytes() }),
  response: struct({
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    authBytes: bytes(),
    sessionLifetimeMs: int64({ v: '1+', default: 0 }),
  }),
};
