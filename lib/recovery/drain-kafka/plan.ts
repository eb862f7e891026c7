// The dry run of a Kafka drain: what would be copied, where to, how long it should take, what could go
// wrong. Reads only (topic, group, record timestamps); creates nothing.
import type { ClusterConfig } from '../../config';
import type { KafkaGroupInfo, KafkaTopicInfo } from '../../sources';
import { createSource, SourceNotFoundError } from '../../sources';
import { JobError } from '../jobs/types';
import {
  type DrainKafkaPlan,
  dispatchGroupName,
  FACTOR,
  type PartitionPlan,
  tempGroupName,
  tempTopicName,
} from './types';

export interface DrainKafkaPlanInput {
  topic: string;
  group: string;
  factor: number;
  force?: boolean;
  /** The group's consume rate from the sampler (msg/s); null/undefined = unknown. */
  consumeRate?: number | null;
}

export function checkFactor(factor: number): void {
  if (!Number.isInteger(factor) || factor < FACTOR.min || factor > FACTOR.max) {
    throw new JobError(
      `--factor must be an integer between ${FACTOR.min} and ${FACTOR.max} (got ${factor})`,
      400,
    );
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function partitionPlans(topic: KafkaTopicInfo, group: KafkaGroupInfo): PartitionPlan[] {
  return topic.partitions
    .map((p) => {
      const c =
        group.offsets.find((o) => o.topic === topic.name && o.partition === p.partition)?.committed ?? null;
      const logStart = p.logStart ?? 0;
      const end = p.end ?? logStart;
      const start = Math.min(end, Math.max(c ?? logStart, logStart));
      return { partition: p.partition, start, end, backlog: Math.max(0, end - start), committed: c };
    })
    .sort((a, b) => a.partition - b.partition);
}

/**
 * The plan for draining `topic` behind `group` with `factor`. `jobId` names the temp topic (the plan shown
 * by `drain plan` uses a placeholder id; `start` plans again with the real one). Throws JobError for an
 * unknown topic or group; active members and an existing temp topic are warnings here and refusals in
 * checkPreconditions().
 */
export async function planKafkaDrain(
  cluster: ClusterConfig,
  input: DrainKafkaPlanInput,
  jobId: string,
): Promise<DrainKafkaPlan & { tempTopicExists: boolean }> {
  checkFactor(input.factor);
  if (cluster.kind === 'rabbitmq')
    throw new JobError(`cluster ${cluster.name} is RabbitMQ: drain a queue with --queue`, 400);
  const source = createSource(cluster);
  try {
    let topic: KafkaTopicInfo;
    try {
      topic = await source.topic(input.topic);
    } catch (err) {
      if (err instanceof SourceNotFoundError)
        throw new JobError(`unknown topic "${input.topic}" on cluster ${cluster.name}`, 404);
      throw err;
    }
    if (topic.internal)
      throw new JobError(`topic ${input.topic} is internal to Kafka; it cannot be drained`, 400);
    let group: KafkaGroupInfo;
    try {
      group = await source.describeGroup(input.group);
    } catch (err) {
      if (err instanceof SourceNotFoundError)
        throw new JobError(`unknown consumer group "${input.group}" on cluster ${cluster.name}`, 404);
      throw err;
    }
    const commits = group.offsets.filter((o) => o.topic === input.topic && o.committed !== null);
    if (commits.length === 0) {
      throw new JobError(
        group.state === 'Dead' || group.offsets.length === 0
          ? `unknown consumer group "${input.group}" on cluster ${cluster.name} (no members, no commits)`
          : `group ${input.group} has no committed offsets on topic ${input.topic}; nothing to drain from`,
        404,
      );
    }
    const tempTopic = tempTopicName(input.topic, jobId);
    let tempTopicExists = true;
    try {
      await source.topic(tempTopic);
    } catch (err) {
      if (!(err instanceof SourceNotFoundError)) throw err;
      tempTopicExists = false;
    }
    const partitions = partitionPlans(topic, group);
    const backlog = partitions.reduce((s, p) => s + p.backlog, 0);
    const activeMembers = group.members.length;
    const retention = Number(topic.configs['retention.ms']);
    const retentionMs = Number.isFinite(retention) && retention > 0 ? retention : null;
    const withBacklog = partitions.filter((p) => p.backlog > 0);
    const ts = withBacklog.length
      ? await source.recordTimestamps(
          withBacklog.map((p) => ({ topic: input.topic, partition: p.partition, offset: p.start })),
        )
      : [];
    const oldest = Math.min(...ts.map((t) => t.timestamp ?? Number.POSITIVE_INFINITY));
    const oldestBacklogAgeMs = Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : null;
    const rate = input.consumeRate && input.consumeRate > 0 ? input.consumeRate : null;
    const etaSeconds = rate ? Math.ceil(backlog / rate) : null;
    const etaSecondsWithFactor = rate ? Math.ceil(backlog / (rate * input.factor)) : null;

    const warnings: string[] = [];
    if (activeMembers > 0) {
      warnings.push(
        `group ${input.group} has ${plural(activeMembers, 'active member')}: stop its consumers first (they would consume the backlog a second time and move the offsets the drain restores); --force starts anyway`,
      );
    }
    const uncommitted = partitions.filter((p) => p.committed === null);
    if (uncommitted.length > 0) {
      warnings.push(
        `partitions ${uncommitted.map((p) => p.partition).join(', ')} have no commit from ${input.group}: the drain copies them from the log start`,
      );
    }
    const lost = partitions.filter((p) => p.committed !== null && p.committed < p.start);
    if (lost.length > 0) {
      warnings.push(
        `partitions ${lost.map((p) => p.partition).join(', ')}: retention already deleted records the group had not consumed; the drain starts at the log start`,
      );
    }
    if (retentionMs !== null && oldestBacklogAgeMs !== null) {
      const left = retentionMs - oldestBacklogAgeMs;
      const needMs = etaSecondsWithFactor !== null ? etaSecondsWithFactor * 1000 : null;
      if (left < 3600_000 || (needMs !== null && needMs > left)) {
        warnings.push(
          `retention.ms=${retentionMs}: the oldest backlog record is ${Math.round(oldestBacklogAgeMs / 1000)} s old and will be deleted in about ${Math.max(0, Math.round(left / 1000))} s; the dispatcher copies from the oldest first`,
        );
      }
    }
    const samples = ts.flatMap((t) => (t.sample ? [t.sample] : []));
    const keylessSample =
      samples.length > 0
        ? {
            sampled: samples.reduce((n, x) => n + x.records, 0),
            keyless: samples.reduce((n, x) => n + x.keyless, 0),
          }
        : null;
    if (keylessSample === null) {
      warnings.push(
        'the backlog could not be sampled for key-less records: any are spread round-robin over the temp partitions (no order among them); the dispatcher counts them',
      );
    } else if (keylessSample.keyless > 0) {
      warnings.push(
        `${keylessSample.keyless} of ${keylessSample.sampled} sampled backlog records have no key: they are spread round-robin over the temp partitions, so they lose their order; the dispatcher counts them`,
      );
    }
    if (tempTopicExists) warnings.push(`topic ${tempTopic} already exists`);

    return {
      cluster: cluster.name,
      topic: input.topic,
      group: input.group,
      factor: input.factor,
      sourcePartitions: topic.partitions.length,
      replicationFactor: topic.replicationFactor,
      tempTopic,
      tempPartitions: topic.partitions.length * input.factor,
      tempGroup: tempGroupName(input.group, jobId),
      dispatchGroup: dispatchGroupName(jobId),
      partitions,
      backlog,
      consumeRate: rate,
      etaSeconds,
      etaSecondsWithFactor,
      activeMembers,
      retentionMs,
      oldestBacklogAgeMs,
      keylessSample,
      warnings,
      forced: Boolean(input.force),
      plannedAt: Date.now(),
      tempTopicExists,
    };
  } finally {
    await source.close();
  }
}

/** The refusals: active members (unless forced), an existing temp topic. */
export function checkPreconditions(
  plan: DrainKafkaPlan & { tempTopicExists: boolean },
  force: boolean,
): void {
  if (plan.tempTopicExists) {
    throw new JobError(
      `temp topic ${plan.tempTopic} already exists; delete it or let the drain pick another job id`,
      409,
    );
  }
  if (plan.activeMembers > 0 && !force) {
    throw new JobError(
      `group ${plan.group} has ${plural(plan.activeMembers, 'active member')}; stop its consumers first (they would consume the backlog twice and move the offsets the drain restores), or pass --force`,
      409,
    );
  }
}
