/** Scenario: PLAIN tokens (RFC 4616) are parsed strictly and checked against the configured users only. */
import { describe, expect, it } from 'vitest';
import { PlainAuthenticator } from './plain';

const users = [
  { username: 'alice', password: 'pw-alice' },
  { username: 'bob', password: 'pw-bob' },
];
const tok = (s: string) => Buffer.from(s, 'utf8');

describe('PlainAuthenticator', () => {
  const auth = new PlainAuthenticator(users);

  it('accepts each user with their own password, with an empty or identical authorization identity', () => {
    expect(auth.verify(tok('\0alice\0pw-alice'))).toEqual({ ok: true, user: 'alice' });
    expect(auth.verify(tok('bob\0bob\0pw-bob'))).toEqual({ ok: true, user: 'bob' });
  });

  it("refuses wrong passwords, other users' passwords, unknown users and a foreign authorization identity", () => {
    expect(auth.verify(tok('\0alice\0pw-bob'))).toMatchObject({ ok: false, user: 'alice' });
    expect(auth.verify(tok('\0alice\0pw-alice '))).toMatchObject({ ok: false, user: 'alice' });
    expect(auth.verify(tok('\0alice\0'))).toMatchObject({ ok: false, user: 'alice' });
    expect(auth.verify(tok('\0carol\0pw-alice'))).toMatchObject({ ok: false, user: 'carol' });
    expect(auth.verify(tok('bob\0alice\0pw-alice'))).toMatchObject({ ok: false, user: 'alice' });
  });

  it('refuses malformed tokens without naming a user', () => {
    for (const t of ['', 'alice', 'alice\0pw-alice', '\0alice\0pw\0alice'])
      expect(auth.verify(tok(t))).toMatchObject({ ok: false, user: null });
  });

  it('rejects unusable user lists, never quoting a password', () => {
    expect(() => new PlainAuthenticator([])).toThrow(/at least one user/);
    expect(() => new PlainAuthenticator([{ username: 'a\0b', password: 'x' }])).toThrow(/NUL/);
    expect(() => new PlainAuthenticator([{ username: 'a', password: '' }])).toThrow(/empty password/);
    try {
      new PlainAuthenticator([...users, { username: 'alice', password: 'second-secret' }]);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/listed twice/);
      expect((err as Error).message).not.toContain('second-secret');
    }
  });
});
