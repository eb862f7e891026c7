// The fix commands printed with RabbitMQ findings: rabbitmqctl and rabbitmqadmin, ready to paste.
import type { RabbitmqPolicyInfo, RabbitmqQueueInfo } from '../sources/types';
import { exactPattern, sh } from './shell';

const admin = (vhost: string, rest: string) => `rabbitmqadmin --vhost=${sh(vhost)} ${rest}`;

/** Declares a durable fanout exchange and a durable queue bound to it, to receive dead letters. */
function deadLetterTarget(vhost: string, exchange: string, queue: string): string[] {
  return [
    admin(vhost, `declare exchange ${sh(`name=${exchange}`)} type=fanout durable=true`),
    admin(vhost, `declare queue ${sh(`name=${queue}`)} durable=true`),
    admin(vhost, `declare binding ${sh(`source=${exchange}`)} ${sh(`destination=${queue}`)}`),
  ];
}

/**
 * A policy adding a dead-letter exchange to exactly this queue while keeping what its current user policy
 * does: the current definition plus the DLX, one priority higher (a queue gets one policy, so a new policy
 * that left the old keys out would silently drop them).
 */
export function dlxPolicy(
  q: RabbitmqQueueInfo,
  policies: readonly RabbitmqPolicyInfo[],
  exchange: string,
): string {
  const current = policies.find((p) => !p.operator && p.vhost === q.vhost && p.name === q.policy);
  const definition = { ...(current?.definition ?? {}), 'dead-letter-exchange': exchange };
  const priority = (current?.priority ?? 0) + 1;
  return (
    `rabbitmqctl set_policy -p ${sh(q.vhost)} --priority ${priority} --apply-to queues ` +
    `${sh(`spillway-dlx-${q.name}`)} ${sh(exactPattern(q.name))} ${sh(JSON.stringify(definition))}`
  );
}

export const rabbitmqFixes = {
  addDeadLetter(q: RabbitmqQueueInfo, policies: readonly RabbitmqPolicyInfo[]): string {
    const exchange = `${q.name}.dlx`;
    return [
      ...deadLetterTarget(q.vhost, exchange, `${q.name}.dead-letter`),
      dlxPolicy(q, policies, exchange),
    ].join('\n');
  },

  createMissingExchange(q: RabbitmqQueueInfo, exchange: string): string {
    return deadLetterTarget(q.vhost, exchange, `${exchange}.dead-letter`).join('\n');
  },

  redeclareDurable(q: RabbitmqQueueInfo): string {
    return [
      '# durability cannot be changed in place: stop publishers, drain the queue, then redeclare it',
      admin(q.vhost, `delete queue ${sh(`name=${q.name}`)}`),
      admin(
        q.vhost,
        `declare queue ${sh(`name=${q.name}`)} durable=true ${sh('arguments={"x-queue-type":"quorum"}')}`,
      ),
      '# re-create its bindings, and publish with delivery_mode=2 (persistent) and publisher confirms',
    ].join('\n');
  },

  replicate(q: RabbitmqQueueInfo): string {
    return [
      '# preferred: a quorum queue (replicated, durable); redeclare after draining:',
      admin(
        q.vhost,
        `declare queue ${sh(`name=${q.name}`)} durable=true ${sh('arguments={"x-queue-type":"quorum"}')}`,
      ),
      '# RabbitMQ 3.x only (classic mirroring is removed in 4.0):',
      `rabbitmqctl set_policy -p ${sh(q.vhost)} --apply-to queues ${sh(`ha-${q.name}`)} ${sh(exactPattern(q.name))} ` +
        sh('{"ha-mode":"exactly","ha-params":2,"ha-sync-mode":"automatic"}'),
    ].join('\n');
  },

  manualAck(q: RabbitmqQueueInfo): string {
    return [
      `rabbitmqctl list_consumers -p ${sh(q.vhost)} queue_name channel_pid ack_required`,
      `# consume ${q.name} with manual acknowledgements (basic.consume no_ack=false) and ack after processing,`,
      '# e.g. amqplib: channel.consume(queue, handle, { noAck: false }) then channel.ack(msg)',
    ].join('\n');
  },

  startConsumers(q: RabbitmqQueueInfo): string {
    return [
      `rabbitmqctl list_queues -p ${sh(q.vhost)} name messages_ready consumers`,
      `# start (or fix) the application consuming ${q.name}; past the backlog, consider spillway drain`,
    ].join('\n');
  },

  cluster(): string {
    return '# run a 3-node RabbitMQ cluster and declare queues as quorum queues (x-queue-type=quorum)';
  },
};
