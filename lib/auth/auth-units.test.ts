import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store';
import { hashPassword, randomPassword, SCRYPT, verifyPassword } from './password';
import { accessFor, bodyLimitFor, canonicalPath, safeNext } from './policy';
import { LoginLimiter } from './rate-limit';
import { REDACTED, redactSecrets, redactText, secretsIn } from './redact';
import { looksLikeApiToken, newApiToken, safeEqual } from './secrets';
import { addUser, ensureFirstAdmin } from './users';

describe('scrypt passwords', () => {
  it('hashes with a per-user salt and N = 2^15, verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT.N}\\$8\\$1\\$`));
    expect(SCRYPT.N).toBeGreaterThanOrEqual(2 ** 15);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('makes 24-character random passwords from an unambiguous alphabet', () => {
    const pws = new Set(Array.from({ length: 50 }, () => randomPassword()));
    expect(pws.size).toBe(50);
    for (const p of pws) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
  });
});

describe('policy', () => {
  it('canonicalises paths before deciding: encoding, dot segments, case, slashes', () => {
    expect(canonicalPath('/API/%75sers/?x=1')).toBe('/api/users');
    expect(canonicalPath('//api//users/a/../b')).toBe('/api/users/b');
    expect(canonicalPath('/api/%2e%2e/users')).toBe('/users');
    expect(canonicalPath('/api/%E0%A4%A')).toBeNull();
    expect(canonicalPath('/api/a%5Cb')).toBeNull();
    expect(canonicalPath('http://x/api')).toBeNull();
  });

  it('needs a viewer to read, an operator to change, an admin for users/tokens/settings; default deny', () => {
    expect(accessFor('GET', '/api/lag')).toEqual({ kind: 'signed-in', role: 'viewer', mutation: false });
    expect(accessFor('POST', '/api/jobs/x/pause')).toEqual({
      kind: 'signed-in',
      role: 'operator',
      mutation: true,
    });
    expect(accessFor('OPTIONS', '/api/lag')).toMatchObject({ role: 'operator', mutation: true });
    expect(accessFor('GET', '/api/users')).toMatchObject({ role: 'admin' });
    expect(accessFor('DELETE', '/api/tokens/ci')).toMatchObject({ role: 'admin' });
    expect(accessFor('GET', '/api/usersx')).toMatchObject({ role: 'viewer' });
    expect(accessFor('GET', '/login')).toEqual({ kind: 'public' });
    expect(accessFor('POST', '/login')).toMatchObject({ role: 'operator' });
    expect(accessFor('GET', '/_next/static/chunks/a.js')).toEqual({ kind: 'public' });
    expect(accessFor('GET', '/_next/image')).toMatchObject({ role: 'viewer' });
  });

  it('bounds bodies by prefix and only returns to same-site paths', () => {
    expect(bodyLimitFor('/api/demo')).toBe(1024 * 1024);
    expect(bodyLimitFor('/api/replay/upload')).toBe(50 * 1024 * 1024);
    expect(safeNext('/clusters/a?x=1')).toBe('/clusters/a?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', undefined, ''])
      expect(safeNext(bad)).toBe('/');
  });
});

describe('login rate limit', () => {
  it('blocks a key after max failures inside the window, for the rest of the window', () => {
    const l = new LoginLimiter(3, 60_000);
    const keys = ['user:a', 'ip:1'];
    for (let t = 0; t < 3; t++) {
      expect(l.retryAfter(keys, t * 1000)).toBe(0);
      l.fail(keys, t * 1000);
    }
    expect(l.retryAfter(keys, 3000)).toBe(57);
    expect(l.retryAfter(['user:b', 'ip:1'], 3000)).toBe(57); // same address, other user
    expect(l.retryAfter(['user:a', 'ip:2'], 3000)).toBe(57); // same user, other address
    expect(l.retryAfter(keys, 60_001)).toBe(0);
  });
});

describe('redaction and tokens', () => {
  it('redacts secret keys, URL passwords, bearer values and spl_ tokens', () => {
    const token = newApiToken();
    expect(looksLikeApiToken(token)).toBe(true);
    const r = redactSecrets({
      password: 'p1',
      sasl: { username: 'u', password: 'p2' },
      url: 'amqp://user:p3@host/vh',
      headers: { Authorization: 'Bearer abc' },
      note: `use ${token}`,
      count: 3,
    });
    expect(r).toEqual({
      password: REDACTED,
      sasl: { username: 'u', password: REDACTED },
      url: `amqp://user:${REDACTED}@host/vh`,
      headers: { Authorization: REDACTED },
      note: `use spl_${REDACTED}`,
      count: 3,
    });
    expect(redactText('failed: Bearer xyz and hunter22', ['hunter22'])).toBe(
      `failed: Bearer ${REDACTED} and ${REDACTED}`,
    );
    expect(
      secretsIn({ clusters: [{ amqpUrl: 'amqp://u:p%40ss@h', sasl: { password: 'kp' } }] }).sort(),
    ).toEqual(['p%40ss', 'p@ss']);
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('first start', () => {
  it('creates admin once when there is no admin, even if users were added before the first start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spillway-first-admin-'));
    const store = openStore(dir);
    try {
      await addUser(store, 'early-viewer', 'viewer', 'viewer-password-1');
      const pw = await ensureFirstAdmin(store);
      expect(pw).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(store.users.get('admin')?.role).toBe('admin');
      expect(await verifyPassword(pw ?? '', store.users.get('admin')?.passwordHash ?? null)).toBe(true);
      expect(await ensureFirstAdmin(store)).toBeUndefined();
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
