// The RabbitMQ drain's dry run and preconditions, and the declare-then-verify step that creates the temp
// queues. Nothing is declared before every precondition holds; a temp queue whose effective policy would
// drop backlog makes setup delete the (still empty) temp queues and refuse.
import { SourceNotFoundError } from '../../sources';
import type { RabbitmqQueueInfo } from '../../sources/types';
import { JobError } from '../jobs/types';
import { type DrainKeySpec, factorSchema, formatKeySpec, tempQueueNames } from './key';
import { dangerousKeys, describeKeys, pickPolicy, type QueueKind } from './policy';
import type { AppliedPolicy, DrainRabbit } from './rabbit';

export type RefusalReason = 'not-found' | 'bad-input' | 'consumers' | 'exists' | 'policy' | 'queue-type';

const STATUS: Record<RefusalReason, 400 | 404 | 409 | 422> = {
  'not-found': 404,
  'bad-input': 400,
  consumers: 409,
  exists: 409,
  policy: 409,
  'queue-type': 422,
};

/** A precondition that does not hold: one clear line, nothing was declared (a JobError for CLI and API). */
export class DrainRefusedError extends JobError {
  constructor(
    message: string,
    readonly reason: RefusalReason,
  ) {
    super(message, STATUS[reason]);
    this.name = 'DrainRefusedError';
  }
}

export interface RabbitDrainParams {
  vhost: string;
  queue: string;
  key: DrainKeySpec;
  factor: number;
  /** Start even with consumers on the source (they then compete with the dispatcher for messages). */
  force: boolean;
}

export interface PlanWarning {
  code: 'consumers' | 'policy' | 'policy-unknown' | 'keyless' | 'not-draining' | 'single-key';
  message: string;
}

export interface TempQueuePlan {
  name: string;
  policy: string | null;
  operatorPolicy: string | null;
  dangerous: Record<string, unknown>;
}

export interface RabbitDrainPlan {
  kind: 'drain-rabbitmq';
  vhost: string;
  queue: string;
  queueType: QueueKind;
  key: string;
  factor: number;
  ready: number;
  unacked: number;
  /** Exact, from a passive declare. */
  consumers: number;
  publishRate: number | null;
  ackRate: number | null;
  tempQueues: TempQueuePlan[];
  /** Time to drain at today's consume rate (null: not draining or unknown). */
  etaSeconds: number | null;
  /** The same with factor × today's per-consumer rate (null when unknown). */
  etaSecondsWithFactor: number | null;
  warnings: PlanWarning[];
}

const MAX_QUEUE_NAME_BYTES = 255;

function queueKind(q: RabbitmqQueueInfo): QueueKind {
  if (q.type === 'quorum') return 'quorum';
  if (q.type === 'stream') return 'stream';
  return 'classic';
}

/** Validates the parameters that need no broker. */
export function checkParams(p: RabbitDrainParams, jobId: string): void {
  const f = factorSchema.safeParse(p.factor);
  if (!f.success) throw new DrainRefusedError(f.error.issues[0]?.message ?? 'bad factor', 'bad-input');
  if (p.queue.length === 0) throw new DrainRefusedError('the queue name is empty', 'bad-input');
  const longest = tempQueueNames(p.queue, jobId, p.factor).at(-1) ?? '';
  if (Buffer.byteLength(longest, 'utf8') > MAX_QUEUE_NAME_BYTES) {
    throw new DrainRefusedError(
      `temp queue names would exceed RabbitMQ's ${MAX_QUEUE_NAME_BYTES}-byte limit ("${longest.slice(0, 40)}…")`,
      'bad-input',
    );
  }
}

/** The dry run. Reads only; throws DrainRefusedError for an unknown queue or bad parameters. */
export async function planRabbitDrain(
  rabbit: DrainRabbit,
  p: RabbitDrainParams,
  jobId: string,
): Promise<RabbitDrainPlan> {
  checkParams(p, jobId);
  let q: RabbitmqQueueInfo;
  try {
    q = await rabbit.queue(p.queue);
  } catch (error) {
    if (error instanceof SourceNotFoundError) {
      throw new DrainRefusedError(`queue "${p.queue}" not found in vhost "${p.vhost}"`, 'not-found');
    }
    throw error;
  }
  const kind = queueKind(q);
  if (kind === 'stream') {
    throw new DrainRefusedError(
      `queue "${p.queue}" is a stream: a stream keeps its messages after delivery, there is no backlog to move`,
      'queue-type',
    );
  }
  const exact = await rabbit.exact(p.queue);
  const { policies, notes } = await rabbit.policies();
  const warnings: PlanWarning[] = [];
  const names = tempQueueNames(p.queue, jobId, p.factor);
  const tempQueues = names.map((name): TempQueuePlan => {
    const pick = pickPolicy(policies, name, kind);
    const dangerous = dangerousKeys(pick.definition);
    if (Object.keys(dangerous).length > 0) {
      const by = [pick.policy?.name, pick.operatorPolicy?.name].filter(Boolean).join(' + ');
      warnings.push({
        code: 'policy',
        message: `policy ${by} matches ${name} and sets ${describeKeys(dangerous)}: it would drop backlog; add a higher-priority policy for "${p.queue}.drain." names without those keys`,
      });
    }
    if (pick.ambiguous.length > 0 || pick.unreadable.length > 0) {
      warnings.push({
        code: 'policy-unknown',
        message: `cannot tell which policy applies to ${name} (${[...pick.ambiguous, ...pick.unreadable].join(', ')}); checked after declaring`,
      });
    }
    return {
      name,
      policy: pick.policy?.name ?? null,
      operatorPolicy: pick.operatorPolicy?.name ?? null,
      dangerous,
    };
  });
  for (const note of notes) warnings.push({ code: 'policy-unknown', message: note });
  if (exact.consumers > 0) {
    warnings.push({
      code: 'consumers',
      message: `${exact.consumers} consumer(s) on "${p.queue}": they would take messages past the dispatcher and break per-key order; stop them first (or --force)`,
    });
  }
  if (p.key.kind === 'routingKey') {
    warnings.push({
      code: 'single-key',
      message:
        'messages published to the default exchange all carry the queue name as routing key: they would all go to one temp queue',
    });
  }
  warnings.push({
    code: 'keyless',
    message: `messages without ${formatKeySpec(p.key)} cannot be sampled without requeueing (which breaks order); they go round-robin and are counted as "keyless" while dispatching`,
  });
  const ready = exact.ready;
  const unacked = q.unacked ?? 0;
  const backlog = ready + unacked;
  const out = q.ackRate ?? q.deliverGetRate;
  const net = out === null ? null : out - (q.publishRate ?? 0);
  const etaSeconds = net !== null && net > 0 ? Math.ceil(backlog / net) : null;
  if (backlog > 0 && etaSeconds === null) {
    warnings.push({ code: 'not-draining', message: `"${p.queue}" is not draining at today's rates` });
  }
  const perConsumer = out !== null && exact.consumers > 0 ? out / exact.consumers : null;
  const netWithFactor = perConsumer === null ? null : perConsumer * p.factor - (q.publishRate ?? 0);
  return {
    kind: 'drain-rabbitmq',
    vhost: p.vhost,
    queue: p.queue,
    queueType: kind,
    key: formatKeySpec(p.key),
    factor: p.factor,
    ready,
    unacked,
    consumers: exact.consumers,
    publishRate: q.publishRate,
    ackRate: q.ackRate,
    tempQueues,
    etaSeconds,
    etaSecondsWithFactor:
      netWithFactor !== null && netWithFactor > 0 ? Math.ceil(backlog / netWithFactor) : null,
    warnings,
  };
}

export const VERIFY_DEFAULTS = { statisticsTimeoutMs: 20_000, pollMs: 250 } as const;

/** The policy RabbitMQ applied to a freshly declared queue, once the management API reports it. */
async function reportedPolicy(rabbit: DrainRabbit, name: string): Promise<AppliedPolicy> {
  const deadline = Date.now() + VERIFY_DEFAULTS.statisticsTimeoutMs;
  for (;;) {
    const applied = await rabbit.appliedPolicy(name);
    if (applied) return applied;
    if (Date.now() > deadline) {
      throw new DrainRefusedError(
        `RabbitMQ did not report the effective policy of "${name}" within ${VERIFY_DEFAULTS.statisticsTimeoutMs / 1000} s; temp queues removed`,
        'policy',
      );
    }
    await new Promise((r) => setTimeout(r, VERIFY_DEFAULTS.pollMs));
  }
}

/**
 * Preconditions, then declare the temp queues and verify each one's effective policy. On a refusal nothing
 * stays declared: temp queues created here are deleted (they are empty: nothing was dispatched yet).
 */
export async function setupRabbitDrain(
  rabbit: DrainRabbit,
  p: RabbitDrainParams,
  jobId: string,
): Promise<RabbitDrainPlan> {
  const plan = await planRabbitDrain(rabbit, p, jobId);
  if (plan.consumers > 0 && !p.force) {
    throw new DrainRefusedError(
      `queue "${p.queue}" has ${plan.consumers} consumer(s): stop them before draining (they would compete with the dispatcher and break per-key order), or pass --force`,
      'consumers',
    );
  }
  const danger = plan.warnings.find((w) => w.code === 'policy');
  if (danger) throw new DrainRefusedError(danger.message, 'policy');
  for (const t of plan.tempQueues) {
    if ((await rabbit.exact(t.name)).exists) {
      throw new DrainRefusedError(`temp queue "${t.name}" already exists`, 'exists');
    }
  }
  const declared: string[] = [];
  try {
    for (const t of plan.tempQueues) {
      await rabbit.declareTemp(t.name, plan.queueType);
      declared.push(t.name);
    }
    for (const t of plan.tempQueues) {
      const info = await reportedPolicy(rabbit, t.name);
      const dangerous = dangerousKeys(info.definition);
      const args = dangerousKeys(
        Object.fromEntries(Object.entries(info.arguments).map(([k, v]) => [k.replace(/^x-/, ''), v])),
      );
      const all = { ...dangerous, ...args };
      if (Object.keys(all).length > 0) {
        const by = [info.policy, info.operatorPolicy].filter(Boolean).join(' + ') || 'queue arguments';
        throw new DrainRefusedError(
          `temp queue ${t.name} got ${describeKeys(all)} from ${by}: it would drop backlog; temp queues removed`,
          'policy',
        );
      }
      t.policy = info.policy;
      t.operatorPolicy = info.operatorPolicy;
    }
  } catch (error) {
    for (const name of declared) await rabbit.deleteIfEmpty(name, plan.queueType).catch(() => false);
    throw error;
  }
  return plan;
}
