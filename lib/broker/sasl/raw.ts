/**
 * The pre-KIP-152 SASL flow, after a SaslHandshake v0: the client sends its PLAIN token as a bare
 * size-prefixed frame and the broker answers with a bare (empty) token, or closes the connection.
 */
import type { BrokerCore } from '../handlers/context';
import { CloseConnectionError, type Connection, type FrameResponse } from '../network/connection';
import { authenticated } from './session';

/** The empty server token of a successful PLAIN exchange: a frame of size 0. */
const EMPTY_TOKEN_FRAME = Buffer.alloc(4);

export function rawSaslToken(token: Buffer, conn: Connection, core: BrokerCore): FrameResponse {
  const check = (core.sasl as NonNullable<BrokerCore['sasl']>).verify(token);
  if (!check.ok) {
    core.log.warn('SASL authentication failed', {
      conn: conn.remoteAddress,
      user: check.user,
      reason: check.reason,
    });
    throw new CloseConnectionError('SASL authentication failed');
  }
  authenticated(conn, check.user);
  core.log.debug('SASL authentication succeeded', { conn: conn.remoteAddress, user: check.user });
  return [EMPTY_TOKEN_FRAME];
}
