/*
 * Scenario: an operator runs `spillway lag` as a child process — against an embedded broker with
 * `--kafka HOST:PORT` and against the test RabbitMQ with `--rabbitmq` — and reads its `--json` output with
 * a script: exactly the documented keys, in order, with the numbers that were produced and committed and
 * null where a value is unknown. The human output is a table; mistakes exit 2; an unreachable cluster
 * exits 1 after printing what could be sampled.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, SPILLWAY_BIN, startTestBroker, type TestBroker } from './helpers/broker';
import {
  describeService,
  eventually,
  managementJson,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';
import { amqpUrlForVhost, createTestVhost, deleteTestVhost } from './helpers/source-rabbitmq';
import { createTopic } from './lag.support';

const GROUP_KEYS = ['cluster', 'group', 'state', 'status', 'lag', 'lagSeconds', 'etaSeconds', 'partitions'];
const PARTITION_KEYS = ['topic', 'partition', 'committed', 'logStart', 'end', 'lag', 'lagSeconds', 'status'];
const QUEUE_KEYS = [
  'cluster',
  'vhost',
  'queue',
  'type',
  'messages',
  'ready',
  'unacked',
  'consumers',
  'publishRate',
  'ackRate',
  'etaSeconds',
  'status',
];
const STATUSES = ['OK', 'WARN', 'ERR', 'STOP', 'STALL', 'REWIND'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (the embedded broker lives in this process and must keep answering). */
function spillway(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SPILLWAY_BIN, ...args], {
      cwd: mkdtempSync(path.join(tmpdir(), 'spillway-lag-cli-')),
      env: { ...process.env, SPILLWAY_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const nullOrNumber = (v: unknown) => v === null || typeof v === 'number';

describe('spillway lag against the embedded broker', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  const topic = uniqueName('lag-cli-topic');
  const group = uniqueName('lag-cli-group');

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = testClient([broker.bootstrap], uniqueName('lag-cli'));
    const admin = kafka.admin();
    await admin.connect();
    await createTopic(admin, topic, 2);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `a${i}` })),
    });
    await producer.send({
      topic,
      messages: Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `b${i}` })),
    });
    await producer.disconnect();
    const committer = new DirectCommitter(kafka);
    await committer.connect();
    await committer.commit(group, topic, [[0, 2]]);
    await committer.disconnect();
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('--json prints exactly {"kafka":[...],"rabbitmq":[...]} with the committed figures and nulls', async () => {
    const r = await spillway(['lag', '--kafka', broker.bootstrap, '--json', '--interval', '300']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['kafka', 'rabbitmq']);
    expect(doc.rabbitmq).toEqual([]);
    const groups = doc.kafka as Array<Record<string, unknown>>;
    const g = groups.find((x) => x.group === group);
    expect(g).toBeDefined();
    for (const x of groups) {
      expect(Object.keys(x)).toEqual(GROUP_KEYS);
      expect(STATUSES).toContain(x.status);
      for (const key of ['lag', 'lagSeconds', 'etaSeconds']) expect(nullOrNumber(x[key])).toBe(true);
      for (const p of x.partitions as Array<Record<string, unknown>>)
        expect(Object.keys(p)).toEqual(PARTITION_KEYS);
    }
    expect(g).toMatchObject({ cluster: 'kafka', state: 'Empty', lag: 4 });
    expect(g?.partitions).toEqual([
      {
        topic,
        partition: 0,
        committed: 2,
        logStart: 0,
        end: 6,
        lag: 4,
        lagSeconds: expect.any(Number),
        status: 'OK',
      },
      {
        topic,
        partition: 1,
        committed: null,
        logStart: 0,
        end: 4,
        lag: null,
        lagSeconds: null,
        status: 'OK',
      },
    ]);
  });

  it('prints a table for people, with the partitions of --group', async () => {
    const r = await spillway(['lag', '--kafka', broker.bootstrap, '--group', group, '--interval', '300']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+GROUP\s+STATE\s+STATUS\s+LAG\s+LAG-TIME/);
    expect(lines[1]).toMatch(new RegExp(`^kafka\\s+${group}\\s+Empty\\s+OK\\s+4\\s`));
    expect(r.stdout).toMatch(/TOPIC\s+PARTITION\s+COMMITTED\s+LOG-START\s+END\s+LAG/);
    expect(r.stdout).toMatch(new RegExp(`${topic}\\s+1\\s+-\\s+0\\s+4\\s+-`));
  });

  it('exits 2 for an unknown --cluster and 1 for an unreachable cluster, still printing JSON', async () => {
    const unknown = await spillway(['lag', '--kafka', broker.bootstrap, '--cluster', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown cluster "nope"');
    const port = await freePort();
    const down = await spillway(['lag', '--kafka', `127.0.0.1:${port}`, '--json', '--timeout', '3000']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toEqual({ kafka: [], rabbitmq: [] });
    expect(down.stderr).toMatch(/cluster kafka not sampled: .*(ECONNREFUSED|no answer)/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});

describeService(['rabbitmq', 'rabbitmq-management'], 'spillway lag against RabbitMQ', () => {
  const vhost = uniqueName('lag-cli-vhost');
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    await createTestVhost(vhost);
    connection = await connect(amqpUrlForVhost(RABBITMQ_URL, vhost));
    channel = await connection.createChannel();
    await channel.assertQueue('cli-queue', { durable: true });
    for (let i = 0; i < 3; i++) channel.sendToQueue('cli-queue', Buffer.from(`m${i}`), { persistent: true });
    await eventually(
      async () => {
        const q = await managementJson<{ messages_ready?: number }>(
          `/api/queues/${encodeURIComponent(vhost)}/cli-queue`,
        );
        return q.messages_ready === 3 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'management statistics for cli-queue' },
    );
  });

  afterAll(async () => {
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await deleteTestVhost(vhost).catch(() => undefined);
  });

  it('--json lists queues with exactly the documented keys', async () => {
    const mgmt = new URL(RABBITMQ_MANAGEMENT.baseUrl);
    const run = () =>
      spillway([
        'lag',
        '--rabbitmq',
        RABBITMQ_URL,
        '--rabbitmq-management',
        mgmt.toString(),
        '--queue',
        `${vhost}/cli-queue`,
        '--json',
      ]);
    // The management API's queue listing is eventually consistent with the single-queue answer waited for
    // in beforeAll (seen once under CI: an empty listing right after); ask again until the queue is listed.
    const r = await eventually(
      async () => {
        const attempt = await run();
        const listed =
          attempt.code === 0 && (JSON.parse(attempt.stdout) as { rabbitmq?: unknown[] }).rabbitmq?.length;
        return listed ? attempt : undefined;
      },
      { timeoutMs: 30_000, what: 'spillway lag listing cli-queue' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { kafka: unknown[]; rabbitmq: Array<Record<string, unknown>> };
    expect(Object.keys(doc)).toEqual(['kafka', 'rabbitmq']);
    expect(doc.kafka).toEqual([]);
    expect(doc.rabbitmq).toHaveLength(1);
    const q = doc.rabbitmq[0] as Record<string, unknown>;
    expect(Object.keys(q)).toEqual(QUEUE_KEYS);
    expect(q).toMatchObject({
      cluster: 'rabbitmq',
      vhost,
      queue: 'cli-queue',
      type: 'classic',
      messages: 3,
      ready: 3,
      unacked: 0,
      consumers: 0,
      etaSeconds: null,
      status: 'STOP',
    });
    expect(nullOrNumber(q.publishRate) && nullOrNumber(q.ackRate)).toBe(true);
  });
});
