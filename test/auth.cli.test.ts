/*
 * Scenario: an operator manages users and API tokens with `spillway users`, reads who did what with
 * `spillway audit-log --json` and its filters, and cannot start the dashboard on a network address
 * without TLS unless they say so explicitly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'spillway.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'spillway-auth-cli-'));

function run(args: string[], input = '') {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dataDir,
    env: { ...process.env, SPILLWAY_CONFIG: '', SPILLWAY_DATA_DIR: dataDir, USER: 'tester' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('spillway users and audit-log', () => {
  it('adds, lists, re-roles and removes users; passwords come from stdin and are checked', () => {
    expect(run(['users', 'add', 'ann', '--role', 'admin'], 'ann-password-123\n').code).toBe(0);
    const short = run(['users', 'add', 'bob'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('password: at least 12 characters');
    expect(run(['users', 'add', 'bob', '--role', 'operator'], 'bob-password-123\n').code).toBe(0);
    const dup = run(['users', 'add', 'bob'], 'bob-password-123\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('user "bob" already exists');
    expect(run(['users', 'add', 'eve', '--role', 'root'], 'eve-password-123\n').code).toBe(2);
    expect(run(['users', 'role', 'bob', 'viewer']).stdout).toContain('bob is now viewer');
    expect(run(['users', 'passwd', 'bob'], 'bob-password-456\n').code).toBe(0);
    const list = JSON.parse(run(['--json', 'users', 'list']).stdout) as { name: string; role: string }[];
    expect(list.map((u) => [u.name, u.role])).toEqual([
      ['ann', 'admin'],
      ['bob', 'viewer'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password/i);
    const last = run(['users', 'remove', 'ann']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('"ann" is the last admin');
    expect(run(['users', 'remove', 'bob']).code).toBe(0);
  });

  it('creates a token shown once, lists it without the secret, revokes it', () => {
    const created = JSON.parse(
      run(['--json', 'users', 'token', 'create', 'ci', '--role', 'viewer']).stdout,
    ) as {
      token: string;
      role: string;
    };
    expect(created.token).toMatch(/^spl_[A-Za-z0-9_-]{43}$/);
    expect(created.role).toBe('viewer');
    const listed = run(['--json', 'users', 'token', 'list']).stdout;
    expect(listed).toContain('"name":"ci"');
    expect(listed).not.toContain(created.token);
    expect(run(['users', 'token', 'revoke', 'ci']).code).toBe(0);
    expect(run(['users', 'token', 'revoke', 'ci']).stderr).toContain('no token "ci"');
  });

  it('audit-log --json lists every change with its CLI actor, filtered by action prefix, result and actor', () => {
    const all = JSON.parse(run(['--json', 'audit-log']).stdout) as {
      actor: string;
      action: string;
      result: string;
      params: Record<string, unknown>;
    }[];
    expect(all.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'user.add',
        'user.update',
        'user.passwd',
        'user.remove',
        'token.create',
        'token.revoke',
      ]),
    );
    expect(all.every((e) => e.actor === 'cli:tester')).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/password-\d{3}|spl_[A-Za-z0-9_-]{43}/);
    const tokens = JSON.parse(run(['--json', 'audit-log', '--action', 'token.']).stdout) as {
      action: string;
    }[];
    expect(tokens.map((e) => e.action).sort()).toEqual(['token.create', 'token.revoke', 'token.revoke']);
    const errors = JSON.parse(run(['--json', 'audit-log', '--result', 'error']).stdout) as {
      action: string;
    }[];
    expect(errors.map((e) => e.action).sort()).toEqual(['token.revoke', 'user.add', 'user.remove']);
    expect(JSON.parse(run(['--json', 'audit-log', '--actor', 'nobody']).stdout)).toEqual([]);
    expect(JSON.parse(run(['--json', 'audit-log', '--since', '1h', '--limit', '2']).stdout)).toHaveLength(2);
    const bad = run(['audit-log', '--result', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--result');
  });

  it('refuses to start on a non-loopback address without TLS unless --insecure-allow-remote', () => {
    const r = run(['start', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to serve 0.0.0.0 without TLS');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const half = run(['start', '--tls-cert', 'cert.pem']);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--tls-cert and --tls-key go together');
  });
});
