/**
 * SASL/PLAIN (RFC 4616) credentials of the embedded broker. Only SHA-256 digests of the passwords are kept,
 * and every check compares 32-byte digests with timingSafeEqual, against a random digest for unknown users,
 * so neither the password length nor whether the user exists shows in the time a check takes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SaslUser {
  username: string;
  password: string;
}

export interface SaslOptions {
  /** The only mechanism served. */
  mechanism: 'plain';
  users: readonly SaslUser[];
}

export type PlainCheck =
  | { ok: true; user: string }
  /** `user` is the authentication identity the client sent, when the token could be parsed (for the log). */
  | { ok: false; user: string | null; reason: string };

const NUL = 0;

function digest(bytes: Buffer | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

export class PlainAuthenticator {
  readonly mechanism = 'PLAIN';
  private readonly digests = new Map<string, Buffer>();
  private readonly unknown = digest(randomBytes(32));

  constructor(users: readonly SaslUser[]) {
    if (users.length === 0) throw new Error('SASL/PLAIN needs at least one user');
    for (const u of users) {
      if (u.username.length === 0 || u.username.includes('\0'))
        throw new Error('SASL/PLAIN user names must be non-empty and contain no NUL character');
      if (u.password.length === 0) throw new Error(`SASL/PLAIN user "${u.username}" has an empty password`);
      if (this.digests.has(u.username)) throw new Error(`SASL/PLAIN user "${u.username}" is listed twice`);
      this.digests.set(u.username, digest(u.password));
    }
  }

  /** Checks a PLAIN token: `[authzid] NUL authcid NUL passwd`. */
  verify(token: Buffer): PlainCheck {
    const first = token.indexOf(NUL);
    const second = first < 0 ? -1 : token.indexOf(NUL, first + 1);
    if (second < 0 || token.indexOf(NUL, second + 1) >= 0)
      return { ok: false, user: null, reason: 'malformed PLAIN token' };
    const authzid = token.toString('utf8', 0, first);
    const user = token.toString('utf8', first + 1, second);
    const expected = this.digests.get(user);
    const matches = timingSafeEqual(digest(token.subarray(second + 1)), expected ?? this.unknown);
    if (expected === undefined || !matches)
      return { ok: false, user, reason: 'invalid username or password' };
    if (authzid !== '' && authzid !== user)
      return { ok: false, user, reason: 'authorization identity differs from the user name' };
    return { ok: true, user };
  }
}
