// The drain kinds as the CLI and the API see them: one "front" per kind (Kafka: --topic/--group, RabbitMQ:
// --queue/--key) with plan, start and the status fields. Each kind registers its front beside its job kind
// (lib/recovery/kinds.ts imports them); `drain plan|start` pick the front whose target the input names.
import type { Actor } from '../../auth/actor';
import type { ClusterConfig } from '../../config';
import type { JobRecord, JobRunnerKind, Store } from '../../store';
import { type JobEnv, JobError } from '../jobs/types';

/** What the operator asked for, from CLI flags or an API body. */
export interface DrainInput {
  /** Cluster name; optional when exactly one cluster of the right kind is configured. */
  cluster?: string;
  topic?: string;
  group?: string;
  queue?: string;
  vhost?: string;
  /** RabbitMQ hash key: `header:<name>`, `messageId` or `routingKey`. */
  key?: string;
  factor: number;
  force?: boolean;
  /** Messages/s, null = unlimited. */
  rateLimit?: number | null;
  /** The source's current consume rate (msg/s) when the caller knows it (the server's sampler). */
  consumeRate?: number | null;
}

export interface DrainPlanView {
  kind: string;
  cluster: string;
  /** The plan as JSON (`drain plan --json`, POST /api/drain/plan). */
  plan: Record<string, unknown>;
  /** Human lines for the terminal. */
  lines: string[];
  warnings: string[];
  /** A refusal `start` would give now (active members, existing temp topic…), null when it would start. */
  refusal: string | null;
}

export interface DrainFront {
  readonly kind: string;
  /** The cluster kinds it drains. */
  readonly clusterKinds: readonly ClusterConfig['kind'][];
  /** Whether the input names this front's target (e.g. a queue, or a topic and group). */
  accepts(input: DrainInput): boolean;
  plan(env: JobEnv, cluster: string, input: DrainInput): Promise<DrainPlanView>;
  create(
    store: Store,
    env: JobEnv,
    cluster: string,
    input: DrainInput,
    actor: Actor,
    runner: JobRunnerKind,
    owner?: string,
  ): Promise<JobRecord>;
  /** `factor` and `tempTopic` or `tempQueues` of a job of this kind, from its stored plan. */
  statusFields(job: JobRecord): { factor: number } & ({ tempTopic: string } | { tempQueues: string[] });
}

const KEY = Symbol.for('spillway.recovery.drainFronts');
type Holder = { [KEY]?: Map<string, DrainFront> };
const fronts = () => {
  const h = globalThis as Holder;
  h[KEY] ??= new Map();
  return h[KEY];
};

export function registerDrainFront(front: DrainFront): void {
  fronts().set(front.kind, front);
}

export function drainFrontOfKind(kind: string): DrainFront | undefined {
  return fronts().get(kind);
}

export function isDrainKind(kind: string): boolean {
  return fronts().has(kind);
}

/** The front the input names: --queue → RabbitMQ, --topic/--group → Kafka. */
export function drainFrontFor(input: DrainInput): DrainFront {
  const matching = [...fronts().values()].filter((f) => f.accepts(input));
  if (matching.length === 1) return matching[0] as DrainFront;
  if (input.queue && (input.topic || input.group)) {
    throw new JobError('name either a queue (--queue) or a topic and group (--topic --group), not both', 400);
  }
  if (input.queue) throw new JobError('RabbitMQ drains are not available in this build', 422);
  if (!input.topic || !input.group) {
    throw new JobError(
      'name what to drain: --topic T --group G (Kafka) or --queue Q --key K (RabbitMQ)',
      400,
    );
  }
  throw new JobError('no drain kind accepts this input', 400);
}

/** The cluster to use: the named one, else the only configured cluster of a kind the front drains. */
export function pickCluster(clusters: readonly ClusterConfig[], front: DrainFront, name?: string): string {
  if (name) {
    const c = clusters.find((x) => x.name === name);
    if (!c)
      throw new JobError(
        `unknown cluster "${name}" (configured: ${clusters.map((x) => x.name).join(', ') || 'none'})`,
        404,
      );
    if (!front.clusterKinds.includes(c.kind)) {
      throw new JobError(
        `cluster ${name} is ${c.kind}; a ${front.kind} needs ${front.clusterKinds.join(' or ')}`,
        400,
      );
    }
    return c.name;
  }
  const fit = clusters.filter((c) => front.clusterKinds.includes(c.kind));
  if (fit.length === 1) return (fit[0] as ClusterConfig).name;
  if (fit.length === 0) throw new JobError(`no ${front.clusterKinds.join('/')} cluster is configured`, 404);
  throw new JobError(
    `several clusters could hold it (${fit.map((c) => c.name).join(', ')}); choose one with --cluster`,
    400,
  );
}
