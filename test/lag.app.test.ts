/*
 * Scenario: Spillway runs as users run it (`spillway start --port 0`, embedded broker on a free port, a
 * RabbitMQ cluster, a cluster that is down). The test builds a backlog on the embedded broker and in a
 * RabbitMQ queue, then reads them as Prometheus and the dashboard do: GET /metrics has the
 * kafka-lag-exporter series with the right labels and values, and the JSON API answers the overview,
 * cluster health, groups, group detail with history, topics, queues and queue detail (the default vhost
 * as %2F), with clear 4xx answers for bad parameters and unknown names.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, REPO_ROOT, SPILLWAY_BIN } from './helpers/broker';
import {
  describeService,
  eventually,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';
import { amqpUrlForVhost, createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';
import { createTopic } from './lag.support';

/** The files of this feature the production build must be newer than. */
const SOURCES = ['app/api/lag', 'app/metrics', 'lib/api', 'lib/lag/sampler', 'lib/store'];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** `spillway start` serves the existing production build: rebuild it when it predates this feature's code. */
async function ensureFreshBuild(): Promise<void> {
  let built = 0;
  try {
    built = statSync(path.join(REPO_ROOT, '.next', 'BUILD_ID')).mtimeMs;
    const routes = readFileSync(path.join(REPO_ROOT, '.next', 'app-path-routes-manifest.json'), 'utf8');
    if (!routes.includes('"/metrics"')) built = 0;
  } catch {
    built = 0;
  }
  const newest = Math.max(...(await Promise.all(SOURCES.map(newestMtime))));
  if (built > newest) return;
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`next build failed: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (no escapes in our label values). */
function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g))
      labels[pair[1] as string] = pair[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

describeService(['rabbitmq', 'rabbitmq-management'], 'the lag API and /metrics of a running Spillway', () => {
  const vhost = uniqueName('lag-app-vhost');
  const rootQueue = uniqueName('lag-app-root-queue');
  const topic = uniqueName('lag-app-topic');
  const group = uniqueName('lag-app-group');
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-lag-app-'));
  let child: ChildProcess;
  let url = '';
  let stderr = '';
  let connection: ChannelModel;
  let rootConnection: ChannelModel;
  let channel: Channel;

  const get = async (p: string) => {
    // Reads need a viewer: the local CLI token (operator) the server writes into its data dir at start.
    const token = readFileSync(path.join(dir, 'data', 'cli.token'), 'utf8').trim();
    const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text,
      json: () => JSON.parse(text),
    };
  };

  beforeAll(async () => {
    await ensureFreshBuild();
    await createTestVhost(vhost);
    connection = await connect(amqpUrlForVhost(RABBITMQ_URL, vhost));
    channel = await connection.createChannel();
    await channel.assertQueue('orders', { durable: true });
    for (let i = 0; i < 3; i++) channel.sendToQueue('orders', Buffer.from(`o${i}`), { persistent: true });
    rootConnection = await connect(RABBITMQ_URL);
    const root = await rootConnection.createChannel();
    await root.assertQueue(rootQueue, { durable: false, autoDelete: false });
    root.sendToQueue(rootQueue, Buffer.from('x'));
    await root.close();

    const config = path.join(dir, 'spillway.config.json');
    const down = await freePort();
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: path.join(dir, 'data'),
        sampler: { intervalMs: 500 },
        clusters: [
          { name: 'embedded', kind: 'embedded', port: 0 },
          { name: 'down', kind: 'kafka', brokers: [`127.0.0.1:${down}`] },
          {
            name: 'rabbit',
            kind: 'rabbitmq',
            amqpUrl: RABBITMQ_URL,
            managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
            managementUser: RABBITMQ_MANAGEMENT.username,
            managementPassword: RABBITMQ_MANAGEMENT.password,
            vhosts: [vhost, '/'],
          },
        ],
      }),
    );
    child = spawn(process.execPath, [SPILLWAY_BIN, 'start', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, SPILLWAY_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        const m = /running on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`start exited early with ${code}: ${stderr}`)));
    });

    // The embedded broker listens on a free port: the API tells where.
    const clusters = (await get('/api/lag/clusters')).json() as {
      clusters: Array<{ cluster: string; endpoints: string[] }>;
    };
    const bootstrap = clusters.clusters.find((c) => c.cluster === 'embedded')?.endpoints[0] as string;
    const kafka = testClient([bootstrap], uniqueName('lag-app'));
    const admin = kafka.admin();
    await admin.connect();
    await createTopic(admin, topic, 2);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `v${i}` })),
    });
    await producer.disconnect();
    const committer = new DirectCommitter(kafka);
    await committer.connect();
    await committer.commit(group, topic, [[0, 2]]);
    await committer.disconnect();
  }, 900_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exit;
    }
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    const root = await rootConnection?.createChannel().catch(() => undefined);
    await root?.deleteQueue(rootQueue).catch(() => undefined);
    await rootConnection?.close().catch(() => undefined);
    await deleteTestVhost(vhost).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /metrics exports the kafka-lag-exporter series, RabbitMQ gauges and Spillway status', async () => {
    const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    const samples = await eventually(
      async () => {
        const r = await get('/metrics');
        const s = parseMetrics(r.text);
        const ready = find(s, 'rabbitmq_queue_messages_ready', { vhost, queue: 'orders' });
        return r.status === 200 && find(s, 'kafka_consumergroup_group_lag', { group }) && ready?.value === 3
          ? s
          : undefined;
      },
      { timeoutMs: 45_000, what: 'the group and the queue in /metrics' },
    );
    const cluster_name = 'embedded';
    const gp0 = { cluster_name, group, topic, partition: '0' };
    expect(find(samples, 'kafka_consumergroup_group_lag', gp0)).toMatchObject({ labels: gp0, value: 4 });
    expect(find(samples, 'kafka_consumergroup_group_offset', gp0)?.value).toBe(2);
    expect(find(samples, 'kafka_consumergroup_group_lag_seconds', gp0)?.value).toBeGreaterThanOrEqual(0);
    // No commit on partition 1: no lag series (unknown is left out, never 0).
    expect(find(samples, 'kafka_consumergroup_group_lag', { group, partition: '1' })).toBeUndefined();
    for (const name of ['kafka_consumergroup_group_max_lag', 'kafka_consumergroup_group_sum_lag']) {
      expect(find(samples, name, { cluster_name, group })).toEqual({
        name,
        labels: { cluster_name, group },
        value: 4,
      });
    }
    expect(
      find(samples, 'kafka_consumergroup_group_max_lag_seconds', { cluster_name, group })?.labels,
    ).toEqual({
      cluster_name,
      group,
    });
    const tp = (partition: string) => ({ cluster_name, topic, partition });
    expect(find(samples, 'kafka_partition_latest_offset', tp('0'))).toEqual({
      name: 'kafka_partition_latest_offset',
      labels: tp('0'),
      value: 6,
    });
    expect(find(samples, 'kafka_partition_earliest_offset', tp('0'))?.value).toBe(0);
    expect(find(samples, 'kafka_partition_latest_offset', tp('1'))?.value).toBe(0);
    expect(find(samples, 'spillway_consumergroup_status', { cluster_name, group })?.value).toBe(0);
    const q = { cluster_name: 'rabbit', vhost, queue: 'orders' };
    expect(find(samples, 'rabbitmq_queue_messages_unacked', q)?.value).toBe(0);
    expect(find(samples, 'rabbitmq_queue_consumers', q)?.value).toBe(0);
    expect(find(samples, 'spillway_queue_status', q)?.value).toBe(3);
    expect(find(samples, 'spillway_cluster_up', { cluster_name: 'down' })?.value).toBe(0);
    expect(find(samples, 'spillway_cluster_up', { cluster_name: 'embedded' })?.value).toBe(1);
    expect((await get('/metrics')).type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('serves the overview, cluster health, groups, group detail with history and topics', async () => {
    const overview = (await get('/api/lag?behind=true')).json();
    expect(overview.clusters.map((c: { cluster: string }) => c.cluster)).toEqual([
      'embedded',
      'down',
      'rabbit',
    ]);
    expect(overview.groups.some((g: { group: string }) => g.group === group)).toBe(true);
    const down = (await get('/api/lag/clusters/down')).json();
    expect(down).toMatchObject({ cluster: 'down', reachable: false, state: 'unreachable' });
    expect(down.lastError).toMatch(/ECONNREFUSED|no answer/);
    const groups = (await get('/api/lag/clusters/embedded/groups?status=OK&search=lag-app')).json();
    expect(groups.groups.map((g: { group: string }) => g.group)).toContain(group);
    const detail = await eventually(
      async () => {
        const d = (
          await get(`/api/lag/clusters/embedded/groups/${encodeURIComponent(group)}?range=10m`)
        ).json();
        return d.history?.length > 0 ? d : undefined;
      },
      { what: 'group history' },
    );
    expect(detail.group).toMatchObject({ group, lag: 4, partitions: 2, partitionsWithoutCommit: 1 });
    expect(detail.partitions[0]).toMatchObject({ committed: 2, end: 6, lag: 4 });
    expect(detail.history.at(-1)).toMatchObject({ lag: 4, status: 0 });
    expect(detail.range.to - detail.range.from).toBe(600_000);
    const topics = (await get('/api/lag/clusters/embedded/topics')).json();
    expect(topics.topics.find((t: { topic: string }) => t.topic === topic)).toMatchObject({
      partitions: 2,
      messages: 6,
      groups: [group],
    });
    const t = (await get(`/api/lag/clusters/embedded/topics/${topic}`)).json();
    expect(t.partitionList.map((p: { end: number }) => p.end)).toEqual([6, 0]);
  });

  it('serves queues and queue detail, the default vhost as %2F', async () => {
    const queues = (await get('/api/lag/clusters/rabbit/queues?behind=true')).json();
    expect(queues.queues.find((q: { queue: string }) => q.queue === 'orders')).toMatchObject({
      vhost,
      ready: 3,
    });
    const d = (
      await get(`/api/lag/clusters/rabbit/queues/${encodeURIComponent(vhost)}/orders?range=5m`)
    ).json();
    expect(d.queue).toMatchObject({ vhost, queue: 'orders', messages: 3, status: 'STOP' });
    expect(Array.isArray(d.history)).toBe(true);
    const root = await eventually(
      async () => {
        const r = await get(`/api/lag/clusters/rabbit/queues/%2F/${rootQueue}`);
        return r.status === 200 ? r.json() : undefined;
      },
      { what: 'the queue in the default vhost' },
    );
    expect(root.queue).toMatchObject({ vhost: '/', queue: rootQueue, ready: 1 });
  });

  it('answers bad parameters with 400 and unknown names with 404, with a reason', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/api/lag/clusters/nope', 404, /unknown cluster "nope"/],
      ['/api/lag/clusters/bad%20name/groups', 400, /invalid path/],
      ['/api/lag/clusters/embedded/groups?status=LATE', 400, /invalid query parameters/],
      ['/api/lag/clusters/embedded/groups?limit=0', 400, /invalid query parameters/],
      ['/api/lag/clusters/embedded/groups?colour=red', 400, /invalid query parameters/],
      [`/api/lag/clusters/embedded/groups/${group}?range=soon`, 400, /invalid query parameters/],
      [`/api/lag/clusters/embedded/groups/${group}?from=10&to=5`, 400, /invalid query parameters/],
      ['/api/lag/clusters/embedded/groups/no-such-group', 404, /no consumer group "no-such-group"/],
      ['/api/lag/clusters/embedded/queues', 404, /Kafka cluster: it has no queues/],
      ['/api/lag/clusters/rabbit/groups', 404, /RabbitMQ cluster/],
      ['/api/lag/clusters/embedded/topics/no.such.topic', 404, /no topic "no.such.topic"/],
      [`/api/lag/clusters/rabbit/queues/${vhost}/nope`, 404, /no queue "nope"/],
    ];
    for (const [p, status, error] of cases) {
      const r = await get(p);
      expect({ p, status: r.status }).toEqual({ p, status });
      expect(r.json().error).toMatch(error);
    }
    const bad = (await get('/api/lag/clusters/embedded/groups?status=LATE')).json();
    expect(bad.issues[0].path).toBe('status[0]');
  });
});
