/**
 * SaslHandshake 0–1 and SaslAuthenticate 0–1, PLAIN only. Without SASL on the listener no mechanism is
 * offered. With it, as Kafka does: an unsupported mechanism, a step out of order or wrong credentials are
 * answered with their error and the connection is closed; the log names the user, never the password.
 */
import { errorCode } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import { authenticated, saslStage, setSaslStage } from '../sasl/session';
import { type Handler, RespondAndClose } from './context';

const NO_BYTES = Buffer.alloc(0);
const AUTH_FAILED_MESSAGE = 'Authentication failed: Invalid username or password';

export const saslHandshake: Handler<typeof ApiKey.SaslHandshake> = (req, { core, conn, apiVersion }) => {
  const sasl = core.sasl;
  if (sasl === undefined) return { errorCode: errorCode('UNSUPPORTED_SASL_MECHANISM'), mechanisms: [] };
  const mechanisms = [sasl.mechanism];
  if (saslStage(conn) !== 'start') {
    throw new RespondAndClose<typeof ApiKey.SaslHandshake>(
      { errorCode: errorCode('ILLEGAL_SASL_STATE'), mechanisms },
      'SaslHandshake out of sequence',
    );
  }
  if (req.mechanism !== sasl.mechanism) {
    core.log.warn('SASL mechanism refused', { conn: conn.remoteAddress, mechanism: req.mechanism });
    throw new RespondAndClose<typeof ApiKey.SaslHandshake>(
      { errorCode: errorCode('UNSUPPORTED_SASL_MECHANISM'), mechanisms },
      `unsupported SASL mechanism ${req.mechanism}`,
    );
  }
  // v0: the client sends the token as a raw frame next; v1: in a SaslAuthenticate request.
  setSaslStage(conn, apiVersion === 0 ? 'raw' : 'handshake');
  return { errorCode: errorCode('NONE'), mechanisms };
};

export const saslAuthenticate: Handler<typeof ApiKey.SaslAuthenticate> = (req, { core, conn }) => {
  const sasl = core.sasl;
  const illegal = (message: string) => ({
    errorCode: errorCode('ILLEGAL_SASL_STATE'),
    errorMessage: message,
    authBytes: NO_BYTES,
    sessionLifetimeMs: 0,
  });
  if (sasl === undefined) return illegal('SASL is not enabled on this listener');
  const stage = saslStage(conn);
  // Re-authentication (KIP-368) is not offered: the session never expires (sessionLifetimeMs 0).
  if (stage === 'authenticated') return illegal('already authenticated');
  if (stage !== 'handshake') {
    throw new RespondAndClose<typeof ApiKey.SaslAuthenticate>(
      illegal('SaslAuthenticate before SaslHandshake'),
      'SaslAuthenticate out of sequence',
    );
  }
  const check = sasl.verify(req.authBytes);
  if (!check.ok) {
    core.log.warn('SASL authentication failed', {
      conn: conn.remoteAddress,
      user: check.user,
      reason: check.reason,
    });
    throw new RespondAndClose<typeof ApiKey.SaslAuthenticate>(
      {
        errorCode: errorCode('SASL_AUTHENTICATION_FAILED'),
        errorMessage: AUTH_FAILED_MESSAGE,
        authBytes: NO_BYTES,
        sessionLifetimeMs: 0,
      },
      'SASL authentication failed',
    );
  }
  authenticated(conn, check.user);
  core.log.debug('SASL authentication succeeded', { conn: conn.remoteAddress, user: check.user });
  return { errorCode: errorCode('NONE'), errorMessage: null, authBytes: NO_BYTES, sessionLifetimeMs: 0 };
};
