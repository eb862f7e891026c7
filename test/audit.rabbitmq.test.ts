/*
 * Scenario: an operator audits a RabbitMQ broker against the message-loss checklist. A fresh vhost is
 * seeded for real with one queue per misconfiguration — non-durable, x-message-ttl without DLX, a
 * message-ttl policy without DLX, a DLX that does not exist, x-max-length without DLX, no consumers and
 * growing, auto-ack consumers — and a well-configured counterpart for each, including a static backlog
 * with no consumers (not growing). Within that vhost the audit must report exactly the seeded problems,
 * plus the honest single-node information.
 */
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAudit } from '../lib/audit/run';
import type { AuditReport } from '../lib/audit/types';
import { rabbitmqCluster } from '../lib/config';
import { createSource } from '../lib/sources';
import {
  describeService,
  eventually,
  managementFetch,
  managementJson,
  RABBITMQ_MANAGEMENT,
  RABBITMQ_URL,
  uniqueName,
} from './helpers/services';

const OBSERVE_MS = 1500;

async function management(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const res = await managementFetch(path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) {
    throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  }
}

describeService(['rabbitmq', 'rabbitmq-management'], 'audit: RabbitMQ', () => {
  const vhost = uniqueName('audit-vhost');
  const v = encodeURIComponent(vhost);
  let connection: ChannelModel;
  let channel: Channel;
  let publisher: NodeJS.Timeout | undefined;
  let report: AuditReport;

  beforeAll(async () => {
    await management('PUT', `/api/vhosts/${v}`, {});
    await management('PUT', `/api/permissions/${v}/${encodeURIComponent(RABBITMQ_MANAGEMENT.username)}`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
    const url = new URL(RABBITMQ_URL);
    url.pathname = `/${v}`;
    connection = await connect(url.toString());
    channel = await connection.createChannel();
    const ttl = { 'x-message-ttl': 60_000 };
    await channel.assertExchange('dlx', 'fanout', { durable: true });
    // Misconfigured.
    await channel.assertQueue('transient', { durable: false });
    await channel.assertQueue('ttl-arg', { durable: true, arguments: ttl });
    await channel.assertQueue('ttl-policy', { durable: true });
    await channel.assertQueue('dlx-missing', {
      durable: true,
      arguments: { 'x-dead-letter-exchange': 'no-such-exchange' },
    });
    await channel.assertQueue('max-len', { durable: true, arguments: { 'x-max-length': 1000 } });
    await channel.assertQueue('growing', { durable: true });
    await channel.assertQueue('auto-ack', { durable: true });
    // Well configured.
    await channel.assertQueue('durable', { durable: true });
    await channel.assertQueue('ttl-dlx', {
      durable: true,
      arguments: { ...ttl, 'x-dead-letter-exchange': 'dlx' },
    });
    await channel.assertQueue('ttl-policy-dlx', { durable: true });
    await channel.assertQueue('max-len-reject', {
      durable: true,
      arguments: { 'x-max-length': 1000, 'x-overflow': 'reject-publish' },
    });
    await channel.assertQueue('static-backlog', { durable: true });
    await channel.assertQueue('consumed', { durable: true });
    await management('PUT', `/api/policies/${v}/ttl-only`, {
      pattern: '^ttl-policy$',
      'apply-to': 'queues',
      definition: { 'message-ttl': 60_000 },
    });
    await management('PUT', `/api/policies/${v}/ttl-with-dlx`, {
      pattern: '^ttl-policy-dlx$',
      'apply-to': 'queues',
      definition: { 'message-ttl': 60_000, 'dead-letter-exchange': 'dlx' },
    });
    await channel.consume('auto-ack', () => undefined, { noAck: true });
    await channel.consume('consumed', (m) => m && channel.ack(m), { noAck: false });
    const persistent = { persistent: true };
    for (let i = 0; i < 5; i++) {
      channel.sendToQueue('static-backlog', Buffer.from(`static ${i}`), persistent);
      channel.sendToQueue('growing', Buffer.from(`seed ${i}`), persistent);
    }
    // The growing queue keeps receiving messages all through the audit; nobody consumes it.
    let n = 0;
    publisher = setInterval(() => channel.sendToQueue('growing', Buffer.from(`grow ${n++}`), persistent), 50);
    // The management statistics trail AMQP by a few seconds: wait until they show the backlogs and policies.
    await eventually(
      async () => {
        const qs = await managementJson<Array<{ name: string; messages_ready?: number; policy?: string }>>(
          `/api/queues/${v}?columns=name,messages_ready,policy`,
        );
        const q = (name: string) => qs.find((x) => x.name === name);
        const ready = (name: string) => (q(name)?.messages_ready ?? 0) > 0;
        return ready('growing') &&
          ready('static-backlog') &&
          q('ttl-policy')?.policy === 'ttl-only' &&
          q('ttl-policy-dlx')?.policy === 'ttl-with-dlx'
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'queue statistics and policies in the management API' },
    );
    const cluster = rabbitmqCluster.parse({
      name: 'rabbit',
      kind: 'rabbitmq',
      amqpUrl: RABBITMQ_URL,
      managementUrl: RABBITMQ_MANAGEMENT.baseUrl,
      managementUser: RABBITMQ_MANAGEMENT.username,
      managementPassword: RABBITMQ_MANAGEMENT.password,
      vhosts: [vhost],
    });
    report = await runAudit([cluster], { createSource: (c) => createSource(c), observeMs: OBSERVE_MS });
  }, 90_000);

  afterAll(async () => {
    clearInterval(publisher);
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await management('DELETE', `/api/vhosts/${v}`).catch(() => undefined);
  });

  it('finds each seeded misconfiguration and no false ones', () => {
    expect(report.summary.clusters[0]).toMatchObject({
      cluster: 'rabbit',
      reachable: true,
      examined: 13,
      issues: [],
    });
    const q = (name: string) => `${vhost}/${name}`;
    expect(report.findings.map((f) => `${f.target} ${f.check} ${f.severity}`).sort()).toEqual(
      [
        '* rabbitmq.cluster.single-node info',
        `${q('transient')} rabbitmq.queue.not-durable warning`,
        `${q('ttl-arg')} rabbitmq.queue.ttl-without-dlx warning`,
        `${q('ttl-policy')} rabbitmq.queue.ttl-without-dlx warning`,
        `${q('dlx-missing')} rabbitmq.queue.dlx-missing critical`,
        `${q('max-len')} rabbitmq.queue.max-length-without-dlx warning`,
        `${q('growing')} rabbitmq.queue.no-consumers-growing warning`,
        `${q('auto-ack')} rabbitmq.queue.auto-ack warning`,
      ].sort(),
    );
    expect(report.findings.every((f) => f.cluster === 'rabbit' && f.kind === 'rabbitmq')).toBe(true);
    expect(report.summary.bySeverity).toEqual({ critical: 1, warning: 6, info: 1 });
  });

  it('gives concrete fixes: the TTL policy is merged, the missing exchange is declared', () => {
    const byTarget = (name: string) => report.findings.find((f) => f.target === `${vhost}/${name}`);
    const ttlPolicy = byTarget('ttl-policy');
    expect(ttlPolicy?.fix).toContain(
      `rabbitmqctl set_policy -p ${vhost} --priority 1 --apply-to queues spillway-dlx-ttl-policy '^ttl-policy$' ` +
        `'{"message-ttl":60000,"dead-letter-exchange":"ttl-policy.dlx"}'`,
    );
    expect(ttlPolicy?.fix).toContain(
      `rabbitmqadmin --vhost=${vhost} declare exchange name=ttl-policy.dlx type=fanout durable=true`,
    );
    const missing = byTarget('dlx-missing');
    expect(missing?.title).toBe('Dead-letter exchange "no-such-exchange" does not exist');
    expect(missing?.fix).toContain(
      `rabbitmqadmin --vhost=${vhost} declare exchange name=no-such-exchange type=fanout durable=true`,
    );
    const growing = byTarget('growing');
    expect(growing?.detail).toMatch(/no consumer and its ready messages grew from \d+ to \d+ in \d+\.\d s/);
  });
});
