// The Kafka drain's front for the CLI and the API (lib/recovery/drain/fronts.ts).
import { registerDrainFront } from '../drain/fronts';
import { createKafkaDrain } from './create';
import { checkPreconditions, planKafkaDrain } from './plan';
import { DRAIN_KAFKA_KIND, type DrainKafkaPlan, drainKafkaPlan } from './types';

const PLACEHOLDER_ID = 'j-<id>';

const fmt = (n: number | null, unit = '') => (n === null ? 'unknown' : `${n.toLocaleString('en-US')}${unit}`);

export function planLines(p: DrainKafkaPlan): string[] {
  return [
    `drain ${p.topic} behind group ${p.group} on ${p.cluster}`,
    `  backlog: ${fmt(p.backlog)} messages`,
    ...p.partitions.map(
      (x) =>
        `    partition ${x.partition}: ${fmt(x.start)} → ${fmt(x.end)} (${fmt(x.backlog)})${x.committed === null ? ' [no commit]' : ''}`,
    ),
    `  temp topic: ${p.tempTopic} (${p.tempPartitions} partitions = ${p.factor} × ${p.sourcePartitions}, replication factor ${p.replicationFactor})`,
    `  workers: run ${p.tempPartitions} consumers (or fewer) with group ${p.tempGroup} on ${p.tempTopic}`,
    `  consume rate now: ${p.consumeRate === null ? 'unknown' : `${p.consumeRate.toFixed(1)} msg/s`}`,
    `  ETA now: ${fmt(p.etaSeconds, ' s')}; with ${p.factor}× consumers: ${fmt(p.etaSecondsWithFactor, ' s')}`,
  ];
}

registerDrainFront({
  kind: DRAIN_KAFKA_KIND,
  clusterKinds: ['kafka', 'embedded'],
  accepts: (i) => Boolean(i.topic || i.group) && !i.queue,
  async plan(env, cluster, input) {
    if (!input.topic || !input.group) throw new Error('a Kafka drain needs --topic and --group');
    const plan = await planKafkaDrain(
      env.cluster(cluster),
      { ...input, topic: input.topic, group: input.group },
      PLACEHOLDER_ID,
    );
    let refusal: string | null = null;
    try {
      checkPreconditions({ ...plan, tempTopicExists: false }, Boolean(input.force));
    } catch (err) {
      refusal = (err as Error).message;
    }
    const { tempTopicExists: _, ...stored } = plan;
    return {
      kind: DRAIN_KAFKA_KIND,
      cluster,
      plan: stored,
      lines: planLines(stored),
      warnings: plan.warnings,
      refusal,
    };
  },
  create(store, env, cluster, input, actor, runner, owner) {
    if (!input.topic || !input.group) throw new Error('a Kafka drain needs --topic and --group');
    return createKafkaDrain(
      store,
      env,
      {
        cluster,
        topic: input.topic,
        group: input.group,
        factor: input.factor,
        force: Boolean(input.force),
        rateLimit: input.rateLimit ?? null,
        consumeRate: input.consumeRate ?? null,
      },
      actor,
      runner,
      owner,
    );
  },
  statusFields(job) {
    const p = drainKafkaPlan.parse(job.plan);
    return { factor: p.factor, tempTopic: p.tempTopic };
  },
});
