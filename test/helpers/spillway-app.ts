// A real `spillway start` process for integration tests, signed in: the first-start admin password is read
// from its stdout (as an operator would), and helpers sign users in over HTTP.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SPILLWAY_BIN = path.join(REPO_ROOT, 'bin', 'spillway.js');

export const ADMIN_LINE = /Spillway admin user created: admin \/ (\S+) \(shown once/;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, await newestMtime(p));
    else if (/\.(tsx?|css)$/.test(e.name)) newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

/** Rebuilds the production bundle when app/, components/ or lib/ changed after it (or it lacks `mustHave`). */
export async function ensureFreshBuild(mustHave = '"/login/page"'): Promise<void> {
  let built = 0;
  try {
    built = statSync(path.join(REPO_ROOT, '.next', 'BUILD_ID')).mtimeMs;
    const routes = readFileSync(path.join(REPO_ROOT, '.next', 'app-path-routes-manifest.json'), 'utf8');
    if (!routes.includes(mustHave)) built = 0;
  } catch {
    built = 0;
  }
  const dirs = ['app', 'components', 'lib/api', 'lib/client'].map((d) => path.join(REPO_ROOT, d));
  const newest = Math.max(...(await Promise.all(dirs.map(newestMtime))));
  if (built > newest) return;
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`next build failed: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
}

export interface RunningApp {
  child: ChildProcess;
  url: string;
  adminPassword: string;
  stdout(): string;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `spillway start --port 0` with SPILLWAY_CONFIG=config; resolves once it listens. */
export function startApp(
  configFile: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const child = spawn(process.execPath, [SPILLWAY_BIN, 'start', '--port', '0'], {
    cwd,
    env: { ...process.env, ...env, SPILLWAY_CONFIG: configFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /running on (https?:\/\/\S+)/.exec(out);
      const pw = ADMIN_LINE.exec(out)?.[1];
      if (m?.[1] && pw) {
        const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        resolve({
          child,
          url: m[1],
          adminPassword: pw,
          stdout: () => out,
          stderr: () => err,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exit;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`start exited early with ${code}: ${err}`)));
  });
}

export interface Signed {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

export async function signIn(url: string, name: string, password: string): Promise<Signed> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${name} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrf } = (await res.json()) as { csrf: string };
  return { cookie, csrf, headers: { cookie, 'x-spillway-csrf': csrf } };
}

/** Creates a user through the admin API and signs them in. */
export async function userWithRole(
  url: string,
  admin: Signed,
  name: string,
  role: 'viewer' | 'operator' | 'admin',
): Promise<Signed> {
  const password = `${name}-password-123`;
  const res = await fetch(`${url}/api/users`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role, password }),
  });
  if (res.status !== 200) throw new Error(`creating ${name} failed: ${res.status} ${await res.text()}`);
  return signIn(url, name, password);
}
