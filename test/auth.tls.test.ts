/*
 * Scenario: an operator serves the dashboard on the network with their own certificate
 * (`spillway start --host 0.0.0.0 --tls-cert … --tls-key …`). Spillway answers over HTTPS, the session
 * cookies are Secure and responses carry HSTS; the first-start admin password signs in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, type RunningApp, startApp } from './helpers/spillway-app';

const dir = mkdtempSync(path.join(tmpdir(), 'spillway-auth-tls-'));
let app: RunningApp;

/** HTTPS to the self-signed test server (its certificate is not trusted, so not verified). */
function https(url: string, method: string, body?: string) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
  }>((resolve, reject) => {
    const req = request(
      url,
      { method, rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += String(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  await ensureFreshBuild();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const config = path.join(dir, 'spillway.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: path.join(dir, 'data'),
      server: { host: '0.0.0.0', tls: { cert, key } },
      clusters: [{ name: 'embedded', kind: 'embedded', port: 0 }],
    }),
  );
  app = await startApp(config, dir);
}, 900_000);

afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  it('serves a non-loopback host over TLS with Secure session cookies and HSTS', async () => {
    expect(app.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/);
    const port = new URL(app.url).port;
    const base = `https://127.0.0.1:${port}`;
    expect((await https(`${base}/api/health`, 'GET')).text).toBe('{"status":"ok"}');
    const login = await https(
      `${base}/api/auth/login`,
      'POST',
      JSON.stringify({ name: 'admin', password: app.adminPassword }),
    );
    expect(login.status).toBe(200);
    const cookies = [login.headers['set-cookie'] ?? []].flat();
    expect(cookies).toHaveLength(2);
    for (const c of cookies) expect(c).toMatch(/; SameSite=Strict/);
    for (const c of cookies) expect(c).toMatch(/; Secure/);
    expect(cookies.find((c) => c.startsWith('spillway_session='))).toMatch(/; HttpOnly/);
    expect(login.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(app.stderr()).not.toMatch(/INSECURE/);
  });

  it('serves plain HTTP off loopback only with --insecure-allow-remote, and says so on the console', async () => {
    const config = path.join(dir, 'insecure.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: path.join(dir, 'insecure-data'),
        server: { host: '0.0.0.0', insecureAllowRemote: true },
        clusters: [{ name: 'embedded', kind: 'embedded', port: 0 }],
      }),
    );
    const insecure = await startApp(config, dir);
    try {
      expect(insecure.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      expect(insecure.stderr()).toMatch(/WARN .*INSECURE: serving a non-loopback address without TLS/);
    } finally {
      await insecure.stop();
    }
  });
});
