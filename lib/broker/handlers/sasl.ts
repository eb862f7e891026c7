import { errorCode } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import type { Handler } from './context';

/** SaslHandshake 0–1 while SASL is not enabled on this listener: no mechanism is offered. */
export const saslHandshake: Handler<typeof ApiKey.SaslHandshake> = () => ({
  errorCode: errorCode('UNSUPPORTED_SASL_MECHANISM'),
  mechanisms: [],
});

/** SaslAuthenticate 0–1 without a successful handshake is out of sequence. */
export const saslAuthenticate: Handler<typeof ApiKey.SaslAuthenticate> = () => ({
  errorCode: errorCode('ILLEGAL_SASL_STATE'),
  errorMessage: 'SASL is not enabled on this listener',
  authBytes: Buffer.alloc(0),
  sessionLifetimeMs: 0,
});
