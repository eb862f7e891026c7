// `spillway offsets reset` and `spillway offsets undo`: plan (dry run) → refuse a group with active members →
// store an undo snapshot → set the committed offsets. Undo restores the snapshot's `before` offsets.
import type { Admin } from 'kafkajs';
import type { OffsetSnapshot, PartitionOffset, Store } from '../../../store';
import type { KafkaKind } from '../clusters';
import { ReplayError } from '../errors';
import { activeMembers, type KafkaHandle, openKafka, topicOffsets, withAdmin } from './connect';

export type ResetTarget =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'time'; at: number }
  | { kind: 'offset'; offset: number };

/** `earliest`, `latest`, a non-negative integer offset, or an ISO 8601 time (with a date). */
export function parseResetTarget(text: string): ResetTarget {
  const s = text.trim();
  if (s === 'earliest' || s === 'latest') return { kind: s };
  if (/^\d+$/.test(s)) {
    const offset = Number(s);
    if (!Number.isSafeInteger(offset)) throw new ReplayError(`--to ${s}: offset too large`);
    return { kind: 'offset', offset };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const at = Date.parse(s);
    if (Number.isFinite(at)) return { kind: 'time', at };
  }
  throw new ReplayError(
    `--to "${text}": expected earliest, latest, an offset (digits) or an ISO time such as 2026-11-24T03:00:00Z`,
  );
}

export function describeTarget(t: ResetTarget): string {
  if (t.kind === 'time') return new Date(t.at).toISOString();
  if (t.kind === 'offset') return String(t.offset);
  return t.kind;
}

export interface PartitionReset {
  partition: number;
  /** Committed offset now; null when the group has none for this partition. */
  current: number | null;
  target: number;
  logStart: number;
  end: number;
  /** Messages consumed again (current > target); null when there is no current commit. */
  reconsume: number | null;
  /** Messages skipped (target > current); null when there is no current commit. */
  skip: number | null;
}

export interface ResetPlan {
  cluster: string;
  group: string;
  topic: string;
  to: string;
  groupState: string;
  partitions: PartitionReset[];
  reconsume: number;
  skip: number;
}

async function committed(
  h: KafkaHandle,
  admin: Admin,
  group: string,
  topic: string,
): Promise<Map<number, number | null>> {
  const fetched = await h.call('fetchOffsets', () => admin.fetchOffsets({ groupId: group, topics: [topic] }));
  const out = new Map<number, number | null>();
  for (const p of fetched.find((t) => t.topic === topic)?.partitions ?? []) {
    const n = Number(p.offset);
    out.set(p.partition, n >= 0 ? n : null);
  }
  return out;
}

function partitionPlan(
  partitions: Array<{ partition: number; logStart: number; end: number }>,
  current: Map<number, number | null>,
  targetOf: (p: { partition: number; logStart: number; end: number }) => number,
): PartitionReset[] {
  return partitions.map((p) => {
    const cur = current.get(p.partition) ?? null;
    const target = Math.min(Math.max(targetOf(p), p.logStart), p.end);
    return {
      ...p,
      current: cur,
      target,
      reconsume: cur === null ? null : Math.max(0, cur - target),
      skip: cur === null ? null : Math.max(0, target - cur),
    };
  });
}

const sum = (xs: Array<number | null>) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

async function buildPlan(
  h: KafkaHandle,
  admin: Admin,
  group: string,
  topic: string,
  to: ResetTarget,
): Promise<ResetPlan> {
  const parts = await topicOffsets(h, admin, topic);
  const [current, state] = await Promise.all([
    committed(h, admin, group, topic),
    activeMembers(h, admin, group),
  ]);
  let byTime = new Map<number, number>();
  if (to.kind === 'time') {
    const found = await h.call('fetchTopicOffsetsByTimestamp', () =>
      admin.fetchTopicOffsetsByTimestamp(topic, to.at),
    );
    byTime = new Map(found.map((f) => [f.partition, Number(f.offset)]));
  }
  const partitions = partitionPlan(parts, current, (p) => {
    if (to.kind === 'earliest') return p.logStart;
    if (to.kind === 'latest') return p.end;
    if (to.kind === 'offset') return to.offset;
    return byTime.get(p.partition) ?? p.end;
  });
  return {
    cluster: h.cluster.name,
    group,
    topic,
    to: describeTarget(to),
    groupState: state.state,
    partitions,
    reconsume: sum(partitions.map((p) => p.reconsume)),
    skip: sum(partitions.map((p) => p.skip)),
  };
}

async function refuseActive(h: KafkaHandle, admin: Admin, group: string): Promise<void> {
  const { state, members } = await activeMembers(h, admin, group);
  if (members.length > 0) {
    throw new ReplayError(
      `group "${group}" has ${members.length} active member(s) (state ${state}): stop its consumers first; nothing was changed`,
      'refused',
    );
  }
}

export interface ResetOptions {
  cluster: KafkaKind;
  group: string;
  topic: string;
  to: ResetTarget;
}

/** The dry run: current and target offsets per partition. Changes nothing. */
export function planOffsetReset(o: ResetOptions): Promise<ResetPlan> {
  const h = openKafka(o.cluster);
  return withAdmin(h, (admin) => buildPlan(h, admin, o.group, o.topic, o.to));
}

export interface ApplyResult {
  plan: ResetPlan;
  snapshot: OffsetSnapshot;
}

/**
 * Applies a reset: refuses a group with active members, stores the undo snapshot first (so a crash after
 * the commit still leaves a way back), then commits the targets.
 */
export async function applyOffsetReset(o: ResetOptions, store: Store, actor: string): Promise<ApplyResult> {
  const h = openKafka(o.cluster);
  return withAdmin(h, async (admin) => {
    await refuseActive(h, admin, o.group);
    const plan = await buildPlan(h, admin, o.group, o.topic, o.to);
    const snapshot = store.offsetSnapshots.create({
      cluster: o.cluster.name,
      group: o.group,
      topic: o.topic,
      target: plan.to,
      before: plan.partitions.map((p) => ({ partition: p.partition, offset: p.current })),
      after: plan.partitions.map((p) => ({ partition: p.partition, offset: p.target })),
      actor,
    });
    await setOffsets(h, admin, o.group, o.topic, snapshot.after);
    return { plan, snapshot };
  });
}

async function setOffsets(
  h: KafkaHandle,
  admin: Admin,
  group: string,
  topic: string,
  offsets: PartitionOffset[],
): Promise<void> {
  const partitions = offsets
    .filter((p): p is { partition: number; offset: number } => p.offset !== null)
    .map((p) => ({ partition: p.partition, offset: String(p.offset) }));
  if (partitions.length === 0) return;
  try {
    await h.call('setOffsets', () => admin.setOffsets({ groupId: group, topic, partitions }));
  } catch (error) {
    // A consumer that joined between the check and the commit makes the broker refuse the commit.
    const msg = (error as Error).message;
    if (/member|generation|rebalance/i.test(msg)) {
      throw new ReplayError(`group "${group}" became active: ${msg}; nothing was changed`, 'refused');
    }
    throw error;
  }
}

export interface UndoPartition {
  partition: number;
  current: number | null;
  /** The offset committed before the reset (null: there was no commit, which cannot be recreated). */
  restore: number | null;
}

export interface UndoPlan {
  id: string;
  cluster: string;
  group: string;
  topic: string;
  resetTo: string;
  resetAt: number;
  undoneAt: number | null;
  partitions: UndoPartition[];
  /** Partitions that had no commit before the reset; they keep their current offset. */
  noCommitBefore: number[];
}

function snapshotOf(store: Store, id: string, cluster: KafkaKind): OffsetSnapshot {
  const s = store.offsetSnapshots.get(id);
  if (!s) throw new ReplayError(`no offset reset snapshot with id "${id}"`, 'not-found');
  if (s.cluster !== cluster.name) {
    throw new ReplayError(
      `snapshot ${id} belongs to cluster "${s.cluster}", not "${cluster.name}" (pass --cluster ${s.cluster})`,
    );
  }
  return s;
}

async function buildUndo(h: KafkaHandle, admin: Admin, s: OffsetSnapshot): Promise<UndoPlan> {
  const current = await committed(h, admin, s.group, s.topic);
  return {
    id: s.id,
    cluster: s.cluster,
    group: s.group,
    topic: s.topic,
    resetTo: s.target,
    resetAt: s.createdAt,
    undoneAt: s.undoneAt,
    partitions: s.before.map((b) => ({
      partition: b.partition,
      current: current.get(b.partition) ?? null,
      restore: b.offset,
    })),
    noCommitBefore: s.before.filter((b) => b.offset === null).map((b) => b.partition),
  };
}

export function planOffsetUndo(store: Store, cluster: KafkaKind, id: string): Promise<UndoPlan> {
  const s = snapshotOf(store, id, cluster);
  const h = openKafka(cluster);
  return withAdmin(h, (admin) => buildUndo(h, admin, s));
}

/** Restores the offsets committed before the reset. Refuses a group with active members. */
export async function applyOffsetUndo(
  store: Store,
  cluster: KafkaKind,
  id: string,
  actor: string,
): Promise<UndoPlan> {
  const s = snapshotOf(store, id, cluster);
  const h = openKafka(cluster);
  return withAdmin(h, async (admin) => {
    await refuseActive(h, admin, s.group);
    const plan = await buildUndo(h, admin, s);
    await setOffsets(h, admin, s.group, s.topic, s.before);
    store.offsetSnapshots.markUndone(id, actor);
    return { ...plan, undoneAt: Date.now() };
  });
}
