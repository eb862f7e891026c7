// Starting a Kafka drain: plan with the real job id, check the preconditions, create the temp topic, then
// the job row (in that order, so a refused start creates nothing; a lost race deletes the topic again).
import type { Actor } from '../../auth/actor';
import { type JobRecord, type JobRunnerKind, newJobId, type Store } from '../../store';
import type { JobEnv } from '../jobs/types';
import { JobError } from '../jobs/types';
import { kafkaFor } from './client';
import { checkPreconditions, type DrainKafkaPlanInput, planKafkaDrain } from './plan';
import { DRAIN_KAFKA_KIND, type DrainKafkaCheckpoint, sourceKeyOf } from './types';

export interface StartKafkaDrainInput extends DrainKafkaPlanInput {
  cluster: string;
  rateLimit?: number | null;
}

export async function createKafkaDrain(
  store: Store,
  env: JobEnv,
  input: StartKafkaDrainInput,
  actor: Actor,
  runner: JobRunnerKind,
  owner?: string,
): Promise<JobRecord> {
  const cluster = env.cluster(input.cluster);
  const sourceKey = sourceKeyOf(cluster.name, input.topic, input.group);
  const audit = (result: 'ok' | 'error', target: string, detail?: string) =>
    store.auditLog.append({
      actor: actor.name,
      role: actor.role,
      action: `${DRAIN_KAFKA_KIND}.start`,
      target,
      params: {
        source: sourceKey,
        factor: input.factor,
        force: Boolean(input.force),
        rate: input.rateLimit ?? null,
      },
      result,
      detail: detail ?? null,
    });
  try {
    const active = store.jobs.activeFor(sourceKey);
    if (active)
      throw new JobError(
        `job ${active.id} is already active for ${sourceKey}; only one active job per source`,
        409,
      );
    const id = newJobId();
    const plan = await planKafkaDrain(cluster, input, id);
    checkPreconditions(plan, Boolean(input.force));
    const { tempTopicExists: _, ...stored } = plan;
    const kafka = kafkaFor(cluster);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: plan.tempTopic,
            numPartitions: plan.tempPartitions,
            replicationFactor: plan.replicationFactor,
          },
        ],
      });
      if (!created) throw new JobError(`temp topic ${plan.tempTopic} already exists`, 409);
      const checkpoint: DrainKafkaCheckpoint = {
        next: Object.fromEntries(plan.partitions.map((p) => [String(p.partition), p.start])),
        keyless: 0,
      };
      try {
        const job = store.jobs.create({
          id,
          kind: DRAIN_KAFKA_KIND,
          sourceKey,
          cluster: cluster.name,
          target: `${input.topic} · ${input.group}`,
          runner,
          plan: stored,
          checkpoint,
          total: plan.backlog,
          rateLimit: input.rateLimit ?? null,
          createdBy: actor.name,
          ...(owner ? { owner } : {}),
        });
        audit('ok', job.id);
        return job;
      } catch (err) {
        await admin.deleteTopics({ topics: [plan.tempTopic] }).catch(() => undefined);
        throw err;
      }
    } finally {
      await admin.disconnect();
    }
  } catch (err) {
    audit('error', sourceKey, (err as Error).message);
    throw err;
  }
}
