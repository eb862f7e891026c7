// The loss checklist (seed article §5.1 and §7, TTL) applied to a RabbitMQ snapshot: pure functions.
import type { RabbitmqQueueInfo, RabbitmqSnapshot } from '../sources/types';
import { isGrowingWithoutConsumers, type QueueGrowth } from './growth';
import { rabbitmqFixes } from './rabbitmq-fixes';
import { lossSettings, type QueueLossSettings } from './rabbitmq-settings';
import type { Finding } from './types';

export interface RabbitmqAuditContext {
  /** Pairs of observations of the queues that had ready messages and no consumer (see growth.ts). */
  growth: readonly QueueGrowth[];
  /** The minimum interval between the two observations for the growth rule. */
  minGrowthIntervalMs: number;
}

type Base = Pick<Finding, 'cluster' | 'kind'>;
type Check = (
  q: RabbitmqQueueInfo,
  st: QueueLossSettings,
) => Omit<Finding, 'cluster' | 'kind' | 'target'> | null;

export const queueTarget = (vhost: string, name: string) => `${vhost}/${name}`;

/** Queues that can be given a TTL, a length limit or a dead-letter exchange (streams cannot). */
const deadLettering = (q: RabbitmqQueueInfo) => q.type !== 'stream';

function checks(s: RabbitmqSnapshot, multiNode: boolean): Check[] {
  // Exchanges the source could not list (`exchanges` for all vhosts, `exchanges:<vhost>` for one).
  const unlisted = s.issues.filter((i) => i.scope === 'exchanges' || i.scope.startsWith('exchanges:'));
  const exchangesKnown = (vhost: string) =>
    !unlisted.some((i) => i.scope === 'exchanges' || i.scope === `exchanges:${vhost}`);
  const exchanges = new Set(s.exchanges.map((e) => `${e.vhost}\u0000${e.name}`));
  return [
    // 1. Non-durable queue: the queue and its messages vanish on a broker restart.
    (q) =>
      q.durable || q.exclusive
        ? null
        : {
            check: 'rabbitmq.queue.not-durable',
            severity: 'warning',
            title: 'Queue is not durable',
            detail:
              `${q.name} is not durable: a broker restart deletes it with every message in it, persistent or not. ` +
              'The loss checklist asks for a durable queue and persistent (delivery_mode=2) messages.',
            fix: rabbitmqFixes.redeclareDurable(q),
          },
    // 2. Classic queue with no replica on a multi-node cluster: the node holding it is a single point of loss.
    (q, st) =>
      !multiNode || q.type !== 'classic' || q.exclusive || st.mirrored
        ? null
        : {
            check: 'rabbitmq.queue.unreplicated',
            severity: 'warning',
            title: 'Classic queue without replication on a multi-node cluster',
            detail:
              `${q.name} is a classic queue with no mirroring policy: its messages live on one node of the ` +
              `${s.nodes.length}-node cluster only, and are lost with that node's disk.`,
            fix: rabbitmqFixes.replicate(q),
          },
    // 3. Message TTL without a dead-letter exchange: expired messages are deleted for good.
    (q, st) =>
      !deadLettering(q) || st.messageTtl === null || st.deadLetterExchange !== null
        ? null
        : {
            check: 'rabbitmq.queue.ttl-without-dlx',
            severity: 'warning',
            title: `Message TTL ${st.messageTtl} ms without a dead-letter exchange`,
            detail:
              `Messages that wait in ${q.name} longer than ${st.messageTtl} ms are deleted and cannot be recovered. ` +
              'A dead-letter exchange keeps them (Spillway can archive and replay them).',
            fix: rabbitmqFixes.addDeadLetter(q, s.policies),
          },
    // 4. Length limit with drop-head overflow and no dead-letter exchange: the oldest messages are dropped.
    (q, st) =>
      !deadLettering(q) ||
      (st.maxLength === null && st.maxLengthBytes === null) ||
      st.overflow !== 'drop-head' ||
      st.deadLetterExchange !== null
        ? null
        : {
            check: 'rabbitmq.queue.max-length-without-dlx',
            severity: 'warning',
            title: `Length limit (${st.maxLength !== null ? `${st.maxLength} messages` : `${st.maxLengthBytes} bytes`}) without a dead-letter exchange`,
            detail:
              `When ${q.name} is full RabbitMQ drops its oldest messages (overflow drop-head) and, with no ` +
              'dead-letter exchange, they are gone. Add a DLX, or overflow reject-publish so that publishers ' +
              'with confirms are told.',
            fix: rabbitmqFixes.addDeadLetter(q, s.policies),
          },
    // 5. A dead-letter exchange that does not exist: dead-lettered messages are dropped silently.
    (q, st) => {
      const dlx = st.deadLetterExchange;
      if (!exchangesKnown(q.vhost) || !deadLettering(q) || dlx === null || dlx === '') return null;
      if (exchanges.has(`${q.vhost}\u0000${dlx}`)) return null;
      return {
        check: 'rabbitmq.queue.dlx-missing',
        severity: 'critical',
        title: `Dead-letter exchange "${dlx}" does not exist`,
        detail:
          `${q.name} dead-letters to "${dlx}" (set by ${st.deadLetterSource === 'policy' ? 'policy' : 'queue argument'}), ` +
          `which does not exist in vhost ${q.vhost}: every expired, rejected or overflowing message is dropped.`,
        fix: rabbitmqFixes.createMissingExchange(q, dlx),
      };
    },
    // 6. Consumers with automatic acknowledgement: a message is gone as soon as it is delivered.
    (q) =>
      q.manualAck !== false || !q.consumers
        ? null
        : {
            check: 'rabbitmq.queue.auto-ack',
            severity: 'warning',
            title: 'Consumers use automatic acknowledgement',
            detail:
              `${q.name} has ${q.consumers} consumer(s) with no_ack: RabbitMQ forgets each message when it sends it, ` +
              'so a consumer that crashes before processing loses it. The loss checklist asks for manual acks.',
            fix: rabbitmqFixes.manualAck(q),
          },
  ];
}

function growthFindings(base: Base, s: RabbitmqSnapshot, ctx: RabbitmqAuditContext): Finding[] {
  const queues = new Map(s.queues.map((q) => [queueTarget(q.vhost, q.name), q]));
  return ctx.growth.flatMap((g) => {
    const q = queues.get(queueTarget(g.vhost, g.name));
    if (!q || !isGrowingWithoutConsumers(g, ctx.minGrowthIntervalMs)) return [];
    const seconds = ((g.second.at - g.first.at) / 1000).toFixed(1);
    return [
      {
        ...base,
        target: queueTarget(g.vhost, g.name),
        check: 'rabbitmq.queue.no-consumers-growing' as const,
        severity: 'warning' as const,
        title: 'No consumers and the queue is growing',
        detail:
          `${g.name} has no consumer and its ready messages grew from ${g.first.ready} to ${g.second.ready} in ` +
          `${seconds} s. Nothing is draining it: with a TTL or length limit messages will be lost, and ` +
          'otherwise the backlog grows until a memory or disk alarm blocks every publisher.',
        fix: rabbitmqFixes.startConsumers(q),
      },
    ];
  });
}

/** Audits one RabbitMQ cluster. */
export function auditRabbitmq(s: RabbitmqSnapshot, ctx: RabbitmqAuditContext): Finding[] {
  const base: Base = { cluster: s.cluster, kind: 'rabbitmq' };
  const findings: Finding[] = [];
  const nodesKnown = !s.issues.some((i) => i.scope.startsWith('nodes'));
  if (nodesKnown && s.nodes.length === 1) {
    findings.push({
      ...base,
      target: '*',
      check: 'rabbitmq.cluster.single-node',
      severity: 'info',
      title: 'Single node: no queue is replicated',
      detail:
        `The cluster has one node (${s.nodes[0]?.name ?? '?'}): durable queues survive a restart, but every ` +
        "message is lost with that node's disk. Fine for development; per-queue replication findings are not raised.",
      fix: rabbitmqFixes.cluster(),
    });
  }
  const all = checks(s, s.nodes.length >= 2);
  for (const q of s.queues) {
    const st = lossSettings(q);
    for (const check of all) {
      const f = check(q, st);
      if (f) findings.push({ ...base, target: queueTarget(q.vhost, q.name), ...f });
    }
  }
  findings.push(...growthFindings(base, s, ctx));
  return findings;
}
