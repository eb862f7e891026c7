// Planning and starting a RabbitMQ drain: plan with the real job id, check the preconditions, declare and
// verify the temp queues, then the job row (in that order: a refused start declares nothing, and a lost
// race deletes the still-empty temp queues again).
import type { Actor } from '../../auth/actor';
import type { ClusterConfig, RabbitmqClusterConfig } from '../../config';
import { type JobRecord, type JobRunnerKind, newJobId, type Store } from '../../store';
import { JobError } from '../jobs/types';
import { parseKeySpec } from './key';
import { DrainRefusedError, planRabbitDrain, type RabbitDrainPlan, setupRabbitDrain } from './plan';
import { DrainRabbit } from './rabbit';
import { deleteTempQueues } from './restore';
import {
  DRAIN_RABBITMQ_KIND,
  type DrainRabbitCheckpoint,
  type DrainRabbitPlan,
  rabbitSourceKey,
  type StartRabbitDrainInput,
  startRabbitDrainInput,
} from './types';

export interface JobEnvLike {
  cluster(name: string): ClusterConfig;
}

export function rabbitCluster(env: JobEnvLike, name: string): RabbitmqClusterConfig {
  const c = env.cluster(name);
  if (c.kind !== 'rabbitmq') {
    throw new JobError(
      `cluster ${c.name} is ${c.kind === 'embedded' ? 'the embedded broker' : 'Kafka'}: drain a topic with --topic and --group`,
      400,
    );
  }
  return c;
}

function parseInput(input: StartRabbitDrainInput) {
  const parsed = startRabbitDrainInput.safeParse(input);
  if (!parsed.success)
    throw new DrainRefusedError(parsed.error.issues[0]?.message ?? 'invalid input', 'bad-input');
  let key: ReturnType<typeof parseKeySpec>;
  try {
    key = parseKeySpec(parsed.data.key);
  } catch (error) {
    throw new DrainRefusedError((error as Error).message, 'bad-input');
  }
  const d = parsed.data;
  return { ...d, params: { vhost: d.vhost, queue: d.queue, key, factor: d.factor, force: d.force } };
}

function toStored(cluster: string, plan: RabbitDrainPlan, forced: boolean): DrainRabbitPlan {
  if (plan.queueType === 'stream') throw new DrainRefusedError('streams cannot be drained', 'queue-type');
  return {
    cluster,
    vhost: plan.vhost,
    queue: plan.queue,
    queueType: plan.queueType,
    key: plan.key,
    factor: plan.factor,
    tempQueues: plan.tempQueues.map((t) => t.name),
    ready: plan.ready,
    unacked: plan.unacked,
    consumers: plan.consumers,
    publishRate: plan.publishRate,
    ackRate: plan.ackRate,
    etaSeconds: plan.etaSeconds,
    etaSecondsWithFactor: plan.etaSecondsWithFactor,
    warnings: plan.warnings.map((w) => w.message),
    forced,
    plannedAt: Date.now(),
  };
}

/**
 * The dry run (`drain plan --queue`): reads only. `jobId` names the temp queues (a placeholder in `drain
 * plan`; `start` plans again with the real id). `refusal` is what `start` would refuse with now.
 */
export async function planRabbitDrainJob(
  env: JobEnvLike,
  input: StartRabbitDrainInput,
  jobId: string,
): Promise<{ plan: RabbitDrainPlan; refusal: string | null }> {
  const { cluster: name, params } = parseInput(input);
  const cluster = rabbitCluster(env, name);
  const rabbit = new DrainRabbit(cluster, params.vhost);
  try {
    const plan = await planRabbitDrain(rabbit, params, jobId);
    let refusal: string | null = null;
    if (plan.consumers > 0 && !params.force) {
      refusal = `queue "${plan.queue}" has ${plan.consumers} consumer(s): stop them first, or pass --force`;
    }
    refusal = plan.warnings.find((w) => w.code === 'policy')?.message ?? refusal;
    return { plan, refusal };
  } finally {
    await rabbit.close();
  }
}

export async function createRabbitDrain(
  store: Store,
  env: JobEnvLike,
  input: StartRabbitDrainInput,
  actor: Actor,
  runner: JobRunnerKind,
  owner?: string,
): Promise<JobRecord> {
  const audit = (result: 'ok' | 'error', target: string, detail?: string) =>
    store.auditLog.append({
      actor: actor.name,
      role: actor.role,
      action: `${DRAIN_RABBITMQ_KIND}.start`,
      target,
      params: {
        source: target,
        factor: input.factor,
        key: input.key,
        force: Boolean(input.force),
        rate: input.rateLimit ?? null,
      },
      result,
      detail: detail ?? null,
    });
  let sourceKey = `rabbitmq:${input.cluster}/${input.vhost ?? '/'}/${input.queue}`;
  try {
    const d = parseInput(input);
    const cluster = rabbitCluster(env, d.cluster);
    sourceKey = rabbitSourceKey(cluster.name, d.vhost, d.queue);
    const active = store.jobs.activeFor(sourceKey);
    if (active) {
      throw new JobError(
        `job ${active.id} is already active for ${sourceKey}; only one active job per source`,
        409,
      );
    }
    const id = newJobId();
    const rabbit = new DrainRabbit(cluster, d.vhost);
    try {
      const plan = await setupRabbitDrain(rabbit, d.params, id);
      const stored = toStored(cluster.name, plan, d.force);
      const checkpoint: DrainRabbitCheckpoint = {
        dispatched: 0,
        keyless: 0,
        redelivered: 0,
        perQueue: stored.tempQueues.map(() => 0),
        restarts: 0,
      };
      try {
        const job = store.jobs.create({
          id,
          kind: DRAIN_RABBITMQ_KIND,
          sourceKey,
          cluster: cluster.name,
          target: `${d.vhost === '/' ? '' : `${d.vhost} · `}${d.queue}`,
          runner,
          plan: stored,
          checkpoint,
          total: stored.ready + stored.unacked,
          rateLimit: d.rateLimit ?? null,
          createdBy: actor.name,
          ...(owner ? { owner } : {}),
        });
        audit('ok', job.id);
        return job;
      } catch (error) {
        await deleteTempQueues(rabbit, stored.tempQueues, stored.queueType).catch(() => undefined);
        throw error;
      }
    } finally {
      await rabbit.close();
    }
  } catch (error) {
    audit('error', sourceKey, (error as Error).message);
    throw error;
  }
}
