// The RabbitMQ drain's front for the CLI and the API (lib/recovery/drain/fronts.ts): --queue, --key,
// --vhost.
import { type DrainInput, registerDrainFront } from '../drain/fronts';
import { createRabbitDrain, planRabbitDrainJob } from './create';
import type { RabbitDrainPlan } from './plan';
import { DRAIN_RABBITMQ_KIND, drainRabbitPlan } from './types';

const PLACEHOLDER_ID = 'j-<id>';

const fmt = (n: number | null, unit = '') => (n === null ? 'unknown' : `${n.toLocaleString('en-US')}${unit}`);
const rate = (n: number | null) => (n === null ? 'unknown' : `${n.toFixed(1)} msg/s`);

export function rabbitPlanLines(p: RabbitDrainPlan): string[] {
  return [
    `drain queue ${p.queue} (vhost ${p.vhost}, ${p.queueType}) by ${p.key}`,
    `  backlog: ${fmt(p.ready)} ready + ${fmt(p.unacked)} unacked; consumers now: ${p.consumers}`,
    `  rates now: publish ${rate(p.publishRate)}, ack ${rate(p.ackRate)}`,
    `  temp queues (${p.factor}, durable ${p.queueType}): ${p.tempQueues[0]?.name ?? ''} … ${p.tempQueues.at(-1)?.name ?? ''}`,
    ...p.tempQueues
      .filter((t) => t.policy || t.operatorPolicy)
      .slice(0, 3)
      .map((t) => `    ${t.name}: policy ${[t.policy, t.operatorPolicy].filter(Boolean).join(' + ')}`),
    `  workers: run one consumer per temp queue (${p.factor}); the source's consumers stay stopped until restore`,
    `  ETA now: ${fmt(p.etaSeconds, ' s')}; with ${p.factor}× consumers: ${fmt(p.etaSecondsWithFactor, ' s')}`,
  ];
}

const inputOf = (cluster: string, input: DrainInput) => {
  if (!input.queue) throw new Error('a RabbitMQ drain needs --queue');
  return {
    cluster,
    vhost: input.vhost ?? '/',
    queue: input.queue,
    key: input.key ?? '',
    factor: input.factor,
    force: Boolean(input.force),
    rateLimit: input.rateLimit ?? null,
  };
};

registerDrainFront({
  kind: DRAIN_RABBITMQ_KIND,
  clusterKinds: ['rabbitmq'],
  accepts: (i) => Boolean(i.queue) && !i.topic && !i.group,
  async plan(env, cluster, input) {
    const { plan, refusal } = await planRabbitDrainJob(env, inputOf(cluster, input), PLACEHOLDER_ID);
    return {
      kind: DRAIN_RABBITMQ_KIND,
      cluster,
      plan: { cluster, ...plan },
      lines: rabbitPlanLines(plan),
      warnings: plan.warnings.map((w) => w.message),
      refusal,
    };
  },
  create(store, env, cluster, input, actor, runner, owner) {
    return createRabbitDrain(store, env, inputOf(cluster, input), actor, runner, owner);
  },
  statusFields(job) {
    const p = drainRabbitPlan.parse(job.plan);
    return { factor: p.factor, tempQueues: p.tempQueues };
  },
});
