/*
 * Scenario: `spillway jobs` over a real recovery job — a RabbitMQ drain started by `spillway drain start`
 * (rate-limited, so it is still running while the test drives it) in a vhost of its own:
 * - `jobs list --json` holds it with the right kind and state, with the very objects GET /api/jobs (the
 *   real route handler over the same data dir) returns; the text table and the --state/--kind filters;
 * - `jobs show --json` has its plan, checkpoint and audit trail, starting with the start entry;
 * - pause / resume / rate through the process running it (the request is audited as cli:<user>, the
 *   running process applies it); after that process is SIGKILLed, pause and cancel run the orphan here;
 * - an unknown id exits 1 with one line and changes nothing; a malformed id or rate exits 2.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GET as jobsGET } from '../app/api/jobs/route';
import { configSchema } from '../lib/config';
import { openStore, type Store } from '../lib/store';
import { publishBacklog } from './helpers/drain-rabbit';
import { setTestRuntime } from './helpers/runtime';
import {
  describeService,
  eventually,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'spillway.js');
// What lib/auth/actor.ts cliActor() names the CLI user (the children inherit this environment).
const cliUser = `cli:${process.env.USER || process.env.LOGNAME || 'unknown'}`;

// biome-ignore lint/suspicious/noExplicitAny: JSON output, checked field by field by the assertions
type Json = Record<string, any>;

describeService(['rabbitmq', 'rabbitmq-management'], 'spillway jobs (CLI)', () => {
  const vhost = uniqueName('jobs-cli');
  let dir: string;
  let config: string;
  let store: Store;
  const children: ChildProcess[] = [];

  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--config', config], {
      cwd: dir,
      env: { ...process.env, SPILLWAY_CONFIG: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (...args: string[]): Json => {
    const r = cli(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Json;
  };
  const show = (id: string) => json('jobs', 'show', id);
  const auditCount = () => (json('audit-log', '--limit', '1000') as unknown as unknown[]).length;

  beforeAll(async () => {
    await createTestVhost(vhost);
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-jobs-cli-'));
    config = path.join(dir, 'spillway.config.json');
    const cfg = {
      dataDir: path.join(dir, 'data'),
      clusters: [
        {
          name: 'rmq',
          kind: 'rabbitmq',
          amqpUrl: RABBITMQ_URL,
          managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
          managementUser: RABBITMQ_MANAGEMENT.username,
          managementPassword: RABBITMQ_MANAGEMENT.password,
        },
      ],
    };
    writeFileSync(config, JSON.stringify(cfg));
    // The API's route handler reads the same data dir, to compare its GET /api/jobs with `jobs list`.
    store = openStore(cfg.dataDir);
    setTestRuntime(configSchema.parse(cfg), store);
    await publishBacklog(vhost, 'orders', { to: 20_000, keys: 200, declare: 'classic' });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    store?.close();
    await deleteTestVhost(vhost);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists, shows and controls a running drain; refuses unknown and malformed ids', async () => {
    const start = spawn(
      process.execPath,
      [bin, 'drain', 'start', '--queue', 'orders', '--vhost', vhost, '--key', 'header:orderId'].concat([
        '--factor',
        '2',
        '--rate',
        '20',
        '--yes',
        '--config',
        config,
      ]),
      { cwd: dir, env: { ...process.env, SPILLWAY_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(start);
    let startOut = '';
    start.stdout?.on('data', (d: Buffer) => {
      startOut += d.toString();
    });
    start.stderr?.on('data', (d: Buffer) => {
      startOut += d.toString();
    });
    const id = await eventually(() => /job (j-[a-z0-9]+) started/.exec(startOut)?.[1], {
      timeoutMs: 30_000,
      what: 'the job id',
    });
    const listed = () => (json('jobs', 'list') as unknown as Json[]).find((j) => j.id === id);
    await eventually(() => (listed()?.state === 'running' ? true : undefined), { what: 'state running' });

    // list: the API's objects, the table, the filters.
    const entry = listed() as Json;
    expect(entry).toMatchObject({ id, kind: 'drain-rabbitmq', state: 'running', cluster: 'rmq' });
    expect(entry.createdBy).toBe(cliUser);
    const api = (await (await jobsGET(new Request('http://127.0.0.1/api/jobs'))).json()) as { jobs: Json[] };
    const fromApi = api.jobs.find((j) => j.id === id) as Json;
    expect(Object.keys(entry).sort()).toEqual(Object.keys(fromApi).sort());
    expect(Object.keys(entry.progress).sort()).toEqual(Object.keys(fromApi.progress).sort());
    const table = cli('jobs', 'list', '--kind', 'drain-rabbitmq', '--state', 'active');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^ID\s+KIND\s+STATE\s+SOURCE\s+DONE\/TOTAL\s+RATE\s+ETA\s+STARTED\s+UPDATED\s+OWNER/,
    );
    expect(table.stdout).toMatch(
      new RegExp(`^${id}\\s+drain-rabbitmq\\s+running\\s+rmq · ${vhost} · orders`, 'm'),
    );
    expect(json('jobs', 'list', '--state', 'completed')).toEqual([]);
    expect(json('jobs', 'list', '--kind', 'replay-file')).toEqual([]);
    expect(cli('jobs', 'list', '--kind', 'drain').code).toBe(2);

    // show: plan, checkpoint, the audit trail with the start entry.
    const shown = show(id);
    expect(shown.job).toMatchObject({ id, kind: 'drain-rabbitmq', state: 'running' });
    expect(shown.plan.tempQueues).toEqual([`orders.drain.${id}.0`, `orders.drain.${id}.1`]);
    expect(shown.checkpoint).toHaveProperty('dispatched');
    expect(shown.owner).toEqual(expect.any(String));
    expect(shown.audit).toContainEqual(
      expect.objectContaining({ action: 'drain-rabbitmq.start', actor: cliUser, target: id, result: 'ok' }),
    );
    const text = cli('jobs', 'show', id);
    expect(text.stdout).toMatch(/^audit trail\n.*drain-rabbitmq\.start/m);

    // pause, resume and rate through the process running the job.
    const pause = cli('jobs', 'pause', id);
    expect(pause.code, pause.stderr).toBe(0);
    expect(pause.stdout).toMatch(/pause requested .* applies it within a second/);
    await eventually(() => (show(id).job.state === 'paused' ? true : undefined), { what: 'paused' });
    expect(show(id).audit).toContainEqual(
      expect.objectContaining({
        action: 'drain-rabbitmq.pause',
        actor: cliUser,
        role: 'admin',
        result: 'ok',
      }),
    );
    // The route handler over the same rows gives the same objects (a paused job holds still; only the rate
    // over the trailing 30 s window may move between the two reads).
    const still = (j: Json) => ({ ...j, progress: { ...j.progress, rate: 0, etaSeconds: 0 } });
    const paused = json('jobs', 'list', '--state', 'paused') as unknown as Json[];
    const pausedApi = (await (await jobsGET(new Request('http://127.0.0.1/api/jobs'))).json()) as {
      jobs: Json[];
    };
    expect(paused.map(still)).toEqual(pausedApi.jobs.filter((j) => j.state === 'paused').map(still));
    expect(paused.map((j) => j.id)).toEqual([id]);

    expect(cli('jobs', 'resume', id).code).toBe(0);
    await eventually(() => (show(id).job.state === 'running' ? true : undefined), { what: 'running again' });
    const rate = cli('jobs', 'rate', id, '500');
    expect(rate.code, rate.stderr).toBe(0);
    expect(rate.stdout.trim()).toBe(`${id}: rate limit 500 msg/s`);
    const afterRate = show(id);
    expect(afterRate.job.rateLimit).toBe(500);
    expect(afterRate.audit).toContainEqual(
      expect.objectContaining({
        action: 'drain-rabbitmq.rate',
        actor: cliUser,
        params: expect.objectContaining({ rate: 500 }),
      }),
    );
    expect(afterRate.audit.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['drain-rabbitmq.resume']),
    );

    // The running process dies: pause and cancel now run the orphan here and return once applied.
    start.kill('SIGKILL');
    await new Promise((r) => start.once('exit', r));
    const orphanPause = cli('jobs', 'pause', id);
    expect(orphanPause.code, orphanPause.stderr).toBe(0);
    expect(orphanPause.stdout).toContain('has no running process; pausing it here');
    expect(show(id)).toMatchObject({ job: { state: 'paused' }, owner: null });

    // Unknown and malformed ids: one line, the drain command's exit codes, nothing changed.
    const before = auditCount();
    const unknown = cli('jobs', 'pause', 'j-doesnotexist');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('spillway: no job j-doesnotexist');
    for (const args of [
      ['show', 'j-doesnotexist'],
      ['rate', 'j-doesnotexist', '10'],
      ['cancel', 'j-doesnotexist', '--yes'],
    ]) {
      const r = cli('jobs', ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    for (const args of [
      ['show', 'nope'],
      ['pause', 'nope'],
      ['resume', 'J-UPPER'],
      ['cancel', 'nope', '--yes'],
      ['rate', 'nope', '10'],
      ['rate', id, 'fast'],
    ]) {
      const r = cli('jobs', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(auditCount()).toBe(before);
    expect(show(id).job).toMatchObject({ state: 'paused', rateLimit: 500 });

    // cancel: asks for --yes off a terminal, then cancels for good.
    expect(cli('jobs', 'cancel', id).code).toBe(2);
    const cancel = cli('jobs', 'cancel', id, '--yes');
    expect(cancel.code, cancel.stderr).toBe(0);
    const done = show(id);
    expect(done.job.state).toBe('cancelled');
    expect(done.audit).toContainEqual(
      expect.objectContaining({
        action: 'drain-rabbitmq.cancel',
        actor: cliUser,
        role: 'admin',
        result: 'ok',
      }),
    );
    const again = cli('jobs', 'pause', id);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`spillway: job ${id} is cancelled; nothing to pause`);
  }, 60_000);
});
