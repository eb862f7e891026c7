/*
 * Scenario: the `spillway` command as a user runs it — help, version, user mistakes that exit with a
 * clear one-line message (no stack trace), and `start`, which serves the dashboard from one process and
 * shuts down cleanly on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../lib/version';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'spillway.js');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'spillway-cli-'));

/** A config whose embedded broker takes any free port, so tests never collide with a broker on 9092. */
function freePortConfig(): string {
  const file = path.join(tmp(), 'spillway.config.json');
  writeFileSync(file, JSON.stringify({ clusters: [{ name: 'embedded', kind: 'embedded', port: 0 }] }));
  return file;
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp(),
    env: { ...process.env, SPILLWAY_CONFIG: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('spillway CLI', () => {
  it('--help lists the commands and global flags', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+start\b/m);
    for (const flag of ['--config', '--kafka', '--rabbitmq', '--rabbitmq-management', '--json']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('--version prints the version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('a config with a wrong type exits 2 naming the key path, without a stack trace', () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ sampler: { intervalMs: 'fast' } }));
    const r = run(['--config', file, 'start']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sampler.intervalMs');
    expect(r.stderr).toContain('expected number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('unknown commands and bad flag values are usage errors (exit 2)', () => {
    expect(run(['frobnicate']).code).toBe(2);
    const bad = run(['start', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a port number');
  });

  it('start serves the dashboard and the API from one process and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--port', '0'], {
      cwd: tmp(),
      env: { ...process.env, SPILLWAY_CONFIG: freePortConfig(), SPILLWAY_DATA_DIR: tmp() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d) => {
        stdout += String(d);
        const m = /running on (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`start exited early with ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // First start: an admin with a random password, printed once on stdout, never in the log (stderr).
    const password = /Spillway admin user created: admin \/ (\S+) \(shown once/.exec(stdout)?.[1] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(stderr).not.toContain(password);
    // Without a sign-in, health is a bare liveness answer and pages send the browser to the sign-in page.
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' });
    const anonymous = await fetch(url, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const health = await fetch(`${url}/api/health`, { headers: { cookie } });
    expect(health.status).toBe(200);
    const report = (await health.json()) as { status: string; version: string; services: unknown[] };
    expect(report).toMatchObject({ status: 'ok', version: VERSION });
    expect(report.services).toContainEqual({ name: 'embedded-broker', state: 'running' });
    const page = await fetch(url, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Spillway');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toContain('shutting down');
    expect(stderr).toMatch(/INFO\s+spillway stopped/);
  }, 240_000);

  it('start on a port already in use fails with a clear message', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, 'start', '--port', String(port)], {
          cwd: tmp(),
          env: { ...process.env, SPILLWAY_CONFIG: freePortConfig(), SPILLWAY_DATA_DIR: tmp() },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        children.push(child);
        let stderr = '';
        child.stderr?.on('data', (d) => {
          stderr += String(d);
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  }, 240_000);
});
