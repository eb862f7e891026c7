// `spillway drain … --queue` end to end through the real CLI binary and the real RabbitMQ (a vhost of its
// own, a config in a temp dir):
// - plan --json: backlog, consumers, the factor temp queue names; bad input (unknown queue, factor 1,
//   consumers on the source) → exit 1 with one clear line, nothing declared;
// - start (rate-limited so the kill lands mid-dispatch) with workers on the temp queues; the start process
//   is SIGKILLed; `drain resume` takes the job over (the dead process's unacked deliveries went back to
//   the source in order) and dispatches the rest; status --json has the fields; restore → the
//   resume process completes the job, the temp queues are gone, the source is empty; every message was
//   delivered, per-key order held, and each duplicate is a redelivery marked by the dispatcher.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publishBacklog, queueNames, startWorkers, vhostUrl } from './helpers/drain-rabbit';
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

describeService(['rabbitmq', 'rabbitmq-management'], 'spillway drain --queue (CLI)', () => {
  const vhost = uniqueName('drain-cli');
  let dir: string;
  let config: string;
  const children: ChildProcess[] = [];

  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--config', config], {
      cwd: dir,
      env: { ...process.env, SPILLWAY_CONFIG: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const background = (args: string[]) => {
    const child = spawn(process.execPath, [bin, ...args, '--config', config], {
      cwd: dir,
      env: { ...process.env, SPILLWAY_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    children.push(child);
    return { child, output: () => out };
  };
  const status = (id: string) => {
    const r = cli(['drain', 'status', id, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown> & { dispatched: number; total: number };
  };

  beforeAll(async () => {
    await createTestVhost(vhost);
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-cli-'));
    config = path.join(dir, 'spillway.config.json');
    writeFileSync(
      config,
      JSON.stringify({
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
      }),
    );
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await deleteTestVhost(vhost);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plans, and refuses bad input with one line and nothing declared', async () => {
    await publishBacklog(vhost, 'orders', { to: 30_000, keys: 300, declare: 'classic' });
    const target = ['--vhost', vhost, '--key', 'header:orderId'];
    const plan = cli(['drain', 'plan', '--queue', 'orders', ...target, '--factor', '6', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    const p = JSON.parse(plan.stdout);
    const body = p.plan ?? p;
    expect(body).toMatchObject({ queue: 'orders', ready: 30_000, consumers: 0, factor: 6 });
    expect(body.tempQueues).toHaveLength(6);

    const unknown = cli(['drain', 'start', '--queue', 'nope', ...target, '--yes']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/queue "nope" not found in vhost/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const factor = cli(['drain', 'start', '--queue', 'orders', ...target, '--factor', '1', '--yes']);
    expect(factor.code).not.toBe(0);
    expect(factor.stderr).toMatch(/between 2 and 100/);
    const badKey = cli(['drain', 'start', '--queue', 'orders', '--vhost', vhost, '--key', 'body', '--yes']);
    expect(badKey.code).not.toBe(0);
    expect(badKey.stderr).toMatch(/header:<name>, messageId, routingKey/);

    const model = await connect(vhostUrl(vhost));
    const ch = await model.createChannel();
    await ch.prefetch(1);
    await ch.consume('orders', () => undefined);
    const busy = cli(['drain', 'start', '--queue', 'orders', ...target, '--yes']);
    await model.close();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/1 consumer\(s\).*--force/);
    expect(await queueNames(vhost)).toEqual(['orders']);
  });

  it('survives a SIGKILL of the dispatching process: resume, restore, nothing lost', async () => {
    const TOTAL = 30_000;
    const start = background([
      'drain',
      'start',
      '--queue',
      'orders',
      '--vhost',
      vhost,
      '--key',
      'header:orderId',
      '--factor',
      '6',
      '--rate',
      '3000',
      '--yes',
    ]);
    const id = await eventually(() => /job (j-[a-z0-9]+) started/.exec(start.output())?.[1], {
      timeoutMs: 30_000,
      what: 'the job id',
    });
    const temps = [...Array(6).keys()].map((i) => `orders.drain.${id}.${i}`);
    const workers = await startWorkers(vhost, temps, id, 0);
    await eventually(() => (status(id).dispatched >= 6_000 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 300,
      what: 'dispatch under way',
    });
    start.child.kill('SIGKILL');
    await new Promise((r) => start.child.once('exit', r));
    const killedAt = status(id).dispatched;
    expect(killedAt).toBeLessThan(TOTAL);

    const resume = background(['drain', 'resume', id]);
    await eventually(() => (status(id).dispatched >= TOTAL ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'every message dispatched after the resume',
    });
    const s = status(id);
    expect(Object.keys(s).sort()).toEqual(
      [
        'dispatched',
        'etaSeconds',
        'factor',
        'id',
        'kind',
        'rate',
        'state',
        'tempLag',
        'tempQueues',
        'total',
        'workers',
      ].sort(),
    );
    expect(s).toMatchObject({
      id,
      kind: 'drain-rabbitmq',
      state: 'running',
      factor: 6,
      tempQueues: temps,
      workers: 6,
    });

    const restore = cli(['drain', 'restore', id, '--yes']);
    expect(restore.code, restore.stderr).toBe(0);
    const code = await new Promise<number | null>((r) => resume.child.once('exit', r));
    expect(code, resume.output()).toBe(0);
    await workers.close();
    expect(status(id).state).toBe('completed');
    expect(await queueNames(vhost)).toEqual(['orders']);
    const { tally } = workers;
    expect(tally.seen.size).toBe(TOTAL);
    expect(tally.orderViolations).toEqual([]);
    expect(tally.splitKeys).toEqual([]);
    expect(tally.unmarkedDuplicates).toBe(0);
    console.log(
      `drain cli: killed at ${killedAt} dispatched; ${tally.duplicates} duplicate(s) delivered after the resume`,
    );
  }, 300_000);
});
