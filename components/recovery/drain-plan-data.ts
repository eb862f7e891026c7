// Reads the drain plans the API serves (plain JSON) into what the wizard and the job page show. The plan
// JSON belongs to the drain kinds (lib/recovery/drain-kafka, drain-rabbitmq); fields that are missing or of
// another type read as null instead of breaking the page. Pure (drain-steps.test.ts).

export interface KafkaPartitionRow {
  partition: number;
  start: number;
  end: number;
  backlog: number;
  committed: number | null;
}

export interface KafkaDrainPlanView {
  kind: 'kafka';
  cluster: string;
  topic: string;
  group: string;
  factor: number;
  sourcePartitions: number | null;
  replicationFactor: number | null;
  tempTopic: string;
  tempPartitions: number;
  tempGroup: string;
  dispatchGroup: string | null;
  partitions: KafkaPartitionRow[];
  backlog: number | null;
  consumeRate: number | null;
  etaSeconds: number | null;
  etaSecondsWithFactor: number | null;
  activeMembers: number;
  warnings: string[];
}

export interface RabbitTempQueue {
  name: string;
  policy: string | null;
}

export interface RabbitDrainPlanView {
  kind: 'rabbitmq';
  cluster: string | null;
  vhost: string;
  queue: string;
  queueType: string | null;
  key: string;
  factor: number;
  tempQueues: RabbitTempQueue[];
  ready: number | null;
  unacked: number | null;
  consumers: number;
  etaSeconds: number | null;
  etaSecondsWithFactor: number | null;
  warnings: string[];
}

export type DrainPlanView = KafkaDrainPlanView | RabbitDrainPlanView;

type Json = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Json | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A warning as text: plain strings (Kafka) or `{ code, message }` (RabbitMQ). */
function warningText(w: unknown): string | null {
  if (typeof w === 'string') return w;
  return str(obj(w)?.message);
}

export function warningsOf(plan: Json, extra: readonly string[] = []): string[] {
  const all = [...extra, ...arr(plan.warnings).map(warningText)].filter((w): w is string => Boolean(w));
  return [...new Set(all)];
}

/** The plan of a drain job or dry run, by its kind (`drain-kafka`, `drain-rabbitmq`); null for others. */
export function readDrainPlan(
  kind: string,
  plan: Json,
  extraWarnings: readonly string[] = [],
): DrainPlanView | null {
  if (kind === 'drain-kafka') {
    const topic = str(plan.topic);
    const group = str(plan.group);
    const tempTopic = str(plan.tempTopic);
    if (!topic || !group || !tempTopic) return null;
    const partitions: KafkaPartitionRow[] = arr(plan.partitions).flatMap((raw) => {
      const p = obj(raw);
      const partition = num(p?.partition);
      if (!p || partition === null) return [];
      return [
        {
          partition,
          start: num(p.start) ?? 0,
          end: num(p.end) ?? 0,
          backlog: num(p.backlog) ?? 0,
          committed: num(p.committed),
        },
      ];
    });
    return {
      kind: 'kafka',
      cluster: str(plan.cluster) ?? '',
      topic,
      group,
      factor: num(plan.factor) ?? 0,
      sourcePartitions: num(plan.sourcePartitions),
      replicationFactor: num(plan.replicationFactor),
      tempTopic,
      tempPartitions: num(plan.tempPartitions) ?? 0,
      tempGroup: str(plan.tempGroup) ?? `${group}.drain.?`,
      dispatchGroup: str(plan.dispatchGroup),
      partitions,
      backlog: num(plan.backlog),
      consumeRate: num(plan.consumeRate),
      etaSeconds: num(plan.etaSeconds),
      etaSecondsWithFactor: num(plan.etaSecondsWithFactor),
      activeMembers: num(plan.activeMembers) ?? 0,
      warnings: warningsOf(plan, extraWarnings),
    };
  }
  if (kind === 'drain-rabbitmq') {
    const queue = str(plan.queue);
    if (!queue) return null;
    const tempQueues = arr(plan.tempQueues).flatMap((raw): RabbitTempQueue[] => {
      if (typeof raw === 'string') return [{ name: raw, policy: null }];
      const q = obj(raw);
      const name = str(q?.name);
      return name ? [{ name, policy: str(q?.policy) }] : [];
    });
    return {
      kind: 'rabbitmq',
      cluster: str(plan.cluster),
      vhost: str(plan.vhost) ?? '/',
      queue,
      queueType: str(plan.queueType),
      key: str(plan.key) ?? '',
      factor: num(plan.factor) ?? tempQueues.length,
      tempQueues,
      ready: num(plan.ready),
      unacked: num(plan.unacked),
      consumers: num(plan.consumers) ?? 0,
      etaSeconds: num(plan.etaSeconds),
      etaSecondsWithFactor: num(plan.etaSecondsWithFactor),
      warnings: warningsOf(plan, extraWarnings),
    };
  }
  return null;
}

/** The Kafka cut-over offsets recorded when a restore starts, by partition; null before. */
export function cutoverOf(checkpoint: Json): { partition: number; offset: number }[] | null {
  const c = obj(checkpoint.cutover);
  if (!c) return null;
  return Object.entries(c)
    .map(([p, o]) => ({ partition: Number(p), offset: num(o) ?? Number.NaN }))
    .filter((x) => Number.isFinite(x.partition) && Number.isFinite(x.offset))
    .sort((a, b) => a.partition - b.partition);
}

/** Per source partition, the next offset to copy (Kafka checkpoint `next`). */
export function nextOffsetsOf(checkpoint: Json): Map<number, number> {
  const out = new Map<number, number>();
  for (const [p, o] of Object.entries(obj(checkpoint.next) ?? {})) {
    const n = num(o);
    if (n !== null && Number.isFinite(Number(p))) out.set(Number(p), n);
  }
  return out;
}

export const RESTORE_STEP_LABEL: Record<string, string> = {
  'wait-lag': 'waiting for the workers to reach temp lag 0',
  'offsets-set': 'original group moved to the cut-over; deleting the temp topic',
  cleaned: 'temp topic deleted',
  'wait-empty': 'waiting until every temp queue is empty with nothing unacked',
  deleted: 'temp queues deleted',
};

export function restoreStepOf(checkpoint: Json): string | null {
  return str(checkpoint.restoreStep);
}
