/** Scenario: the embedded cluster's SASL/PLAIN users are validated, and errors name the key, not a password. */
import { describe, expect, it } from 'vitest';
import { embeddedCluster } from './config';

const parse = (sasl: unknown) => embeddedCluster.safeParse({ name: 'embedded', kind: 'embedded', sasl });

describe('embedded cluster sasl', () => {
  it('is off by default and defaults the mechanism to plain', () => {
    expect(embeddedCluster.parse({ name: 'e', kind: 'embedded' }).sasl).toBeUndefined();
    expect(parse({ users: [{ username: 'a', password: 'pw' }] }).data?.sasl).toEqual({
      mechanism: 'plain',
      users: [{ username: 'a', password: 'pw' }],
    });
  });

  it('refuses no users, empty fields, unknown keys, other mechanisms and duplicate users', () => {
    const bad = [
      { users: [] },
      { users: [{ username: '', password: 'pw' }] },
      { users: [{ username: 'a', password: '' }] },
      { users: [{ username: 'a', password: 'pw', role: 'x' }] },
      { mechanism: 'scram-sha-256', users: [{ username: 'a', password: 'pw' }] },
      {
        users: [
          { username: 'a', password: 'secret-one' },
          { username: 'a', password: 'secret-two' },
        ],
      },
    ];
    for (const sasl of bad) {
      const r = parse(sasl);
      expect(r.success, JSON.stringify(sasl)).toBe(false);
      const text = JSON.stringify(r.error?.issues.map((i) => [i.path, i.message]));
      expect(text).not.toContain('secret-');
    }
  });
});
