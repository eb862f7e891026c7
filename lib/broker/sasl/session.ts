/**
 * Where one connection is in SASL authentication, and what it may send there. As in Kafka: before
 * authentication only ApiVersions, SaslHandshake and SaslAuthenticate are served; anything else closes the
 * connection. After a SaslHandshake v1 the next request must be SaslAuthenticate; after a v0 handshake the
 * next frame is the raw PLAIN token (the pre-KIP-152 flow), answered with a raw empty token.
 */
import type { Connection } from '../network/connection';
import { ApiKey } from '../protocol/api-keys';

export type SaslStage = 'start' | 'handshake' | 'raw' | 'authenticated';

const STAGE = 'sasl.stage';
const USER = 'sasl.user';

export function saslStage(conn: Connection): SaslStage {
  return (conn.attributes.get(STAGE) as SaslStage | undefined) ?? 'start';
}

export function setSaslStage(conn: Connection, stage: SaslStage): void {
  conn.attributes.set(STAGE, stage);
}

/** Marks the connection authenticated as `user`: every request is served from now on. */
export function authenticated(conn: Connection, user: string): void {
  conn.attributes.set(STAGE, 'authenticated');
  conn.attributes.set(USER, user);
  conn.authenticated();
}

/** The SASL user of an authenticated connection. */
export function saslUser(conn: Connection): string | undefined {
  return conn.attributes.get(USER) as string | undefined;
}

/** Whether a request with this api key may be handled at this stage (otherwise the connection closes). */
export function permittedAt(stage: SaslStage, apiKey: number): boolean {
  switch (stage) {
    case 'authenticated':
      return true;
    case 'start':
      return (
        apiKey === ApiKey.ApiVersions || apiKey === ApiKey.SaslHandshake || apiKey === ApiKey.SaslAuthenticate
      );
    case 'handshake':
      return apiKey === ApiKey.SaslAuthenticate;
    case 'raw':
      return false;
  }
}
