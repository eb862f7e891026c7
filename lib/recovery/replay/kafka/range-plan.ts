// Planning `spillway replay kafka`: per partition the offsets [from, to) to copy from a topic to a target
// topic with at least as many partitions (record of partition p goes to partition p: per-partition order).
import type { Actor } from '../../../auth/actor';
import type { JobRecord, JobRunnerKind, Store } from '../../../store';
import type { KafkaKind } from '../clusters';
import { ReplayError } from '../errors';
import { createReplayJob } from '../jobs';
import { type KafkaHandle, openKafka, topicOffsets, withAdmin } from './connect';
import { KAFKA_REPLAY, type KafkaReplayPlan } from './range-kind';

export type RangeBound = { kind: 'time'; at: number } | { kind: 'offset'; offset: number };

export function parseRangeBound(flag: string, text: string): RangeBound {
  const s = text.trim();
  if (/^\d+$/.test(s)) return { kind: 'offset', offset: Number(s) };
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const at = Date.parse(s);
    if (Number.isFinite(at)) return { kind: 'time', at };
  }
  throw new ReplayError(
    `${flag} "${text}": expected an offset (digits) or an ISO time such as 2026-11-24T03:00:00Z`,
  );
}

export interface KafkaRangeInput {
  cluster: KafkaKind;
  topic: string;
  target: string;
  from: RangeBound;
  to: RangeBound;
  rate: number | null;
}

export interface KafkaRangePreview {
  cluster: string;
  topic: string;
  target: string;
  partitions: Array<{ partition: number; from: number; to: number; count: number }>;
  total: number;
}

async function resolve(h: KafkaHandle, admin: import('kafkajs').Admin, topic: string, b: RangeBound) {
  if (b.kind === 'offset') return () => b.offset;
  const found = await h.call('fetchTopicOffsetsByTimestamp', () =>
    admin.fetchTopicOffsetsByTimestamp(topic, b.at),
  );
  const byPartition = new Map(found.map((f) => [f.partition, Number(f.offset)]));
  return (p: number) => byPartition.get(p) ?? Number.MAX_SAFE_INTEGER;
}

export function previewKafkaRange(i: KafkaRangeInput): Promise<KafkaRangePreview> {
  if (i.topic === i.target) throw new ReplayError('--target must differ from --topic');
  const h = openKafka(i.cluster);
  return withAdmin(h, async (admin) => {
    const source = await topicOffsets(h, admin, i.topic);
    const target = await topicOffsets(h, admin, i.target).catch((e: unknown) => {
      if (e instanceof ReplayError)
        throw new ReplayError(`target ${e.message}: create it first`, 'not-found');
      throw e;
    });
    if (target.length < source.length) {
      throw new ReplayError(
        `target topic "${i.target}" has ${target.length} partition(s), fewer than the ${source.length} of "${i.topic}": per-partition order needs at least as many`,
      );
    }
    const [fromOf, toOf] = [await resolve(h, admin, i.topic, i.from), await resolve(h, admin, i.topic, i.to)];
    const partitions = source.map((p) => {
      const from = Math.min(Math.max(fromOf(p.partition), p.logStart), p.end);
      const to = Math.max(from, Math.min(toOf(p.partition), p.end));
      return { partition: p.partition, from, to, count: to - from };
    });
    return {
      cluster: i.cluster.name,
      topic: i.topic,
      target: i.target,
      partitions,
      total: partitions.reduce((a, p) => a + p.count, 0),
    };
  });
}

export async function createKafkaRange(
  store: Store,
  i: KafkaRangeInput,
  actor: Actor,
  runner: JobRunnerKind,
  owner?: string,
): Promise<{ preview: KafkaRangePreview; job: JobRecord | null }> {
  const preview = await previewKafkaRange(i);
  if (preview.total === 0) return { preview, job: null };
  const plan: KafkaReplayPlan = {
    cluster: i.cluster.name,
    topic: i.topic,
    target: i.target,
    partitions: preview.partitions
      .filter((p) => p.count > 0)
      .map(({ partition, from, to }) => ({ partition, from, to })),
    total: preview.total,
  };
  const job = createReplayJob(store, {
    kind: KAFKA_REPLAY.kind,
    sourceKey: `replay:kafka:${i.cluster.name}/${i.topic}->${i.target}`,
    cluster: i.cluster.name,
    target: `${i.topic} → ${i.target}`,
    plan,
    total: preview.total,
    rate: i.rate,
    actor,
    runner,
    ...(owner ? { owner } : {}),
  });
  return { preview, job };
}
