import { errorCode } from '../errors';
import type { ClassicGroup } from './group';
import { EMPTY_BYTES } from './member';
import type { OffsetContext } from './offsets';
import type { StoreRecord } from './records';
import type { DeleteGroupsResult, DescribedGroup, ListGroupsResult } from './types';

/** DescribeGroups v3+ `authorizedOperations` when not requested (Kafka's Integer.MIN_VALUE). */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export interface AdminContext extends OffsetContext {
  allGroups(): Iterable<ClassicGroup>;
  /** Marks the group Dead, stops its timers and forgets it (the caller persists the deletion). */
  removeGroup(group: ClassicGroup): void;
}

/** DescribeGroups: an unknown group is described as Dead with no error (v0–5), as Kafka does. */
export function describeGroup(ctx: AdminContext, groupId: string): DescribedGroup {
  const group = ctx.group(groupId);
  if (!group) {
    return {
      errorCode: 0,
      groupId,
      groupState: 'Dead',
      protocolType: '',
      protocolData: '',
      members: [],
      authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    };
  }
  // Metadata and assignments are only shown for a Stable group (they are in flux otherwise).
  const stable = group.is('Stable');
  const protocol = stable ? (group.protocolName ?? '') : '';
  return {
    errorCode: 0,
    groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: protocol,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadataFor(protocol) : EMPTY_BYTES,
      memberAssignment: stable ? m.assignment : EMPTY_BYTES,
    })),
    authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

/** ListGroups; `statesFilter` (ListGroups v4+) matches state names case-insensitively. */
export function listGroups(ctx: AdminContext, statesFilter: readonly string[] = []): ListGroupsResult {
  const wanted = new Set(statesFilter.map((s) => s.toLowerCase()));
  const groups = [...ctx.allGroups()]
    .filter((g) => wanted.size === 0 || wanted.has(g.state.toLowerCase()))
    .map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      groupState: g.state,
    }));
  return { errorCode: 0, groups };
}

/** DeleteGroups: only Empty groups can go (NON_EMPTY_GROUP otherwise); their offsets go with them. */
export async function deleteGroups(
  ctx: AdminContext,
  groupIds: readonly string[],
): Promise<DeleteGroupsResult[]> {
  const results = groupIds.map((groupId) => ({ groupId, errorCode: 0 }));
  const records: StoreRecord[] = [];
  const deleted: (typeof results)[number][] = [];
  for (const result of results) {
    const group = ctx.group(result.groupId);
    if (!group) result.errorCode = errorCode('GROUP_ID_NOT_FOUND');
    else if (!group.is('Empty')) result.errorCode = errorCode('NON_EMPTY_GROUP');
    else {
      ctx.removeGroup(group);
      records.push({ type: 'group-delete', group: group.groupId });
      deleted.push(result);
    }
  }
  try {
    await ctx.store.append(records);
  } catch {
    for (const result of deleted) result.errorCode = errorCode('COORDINATOR_NOT_AVAILABLE');
  }
  return results;
}

/** Empty groups left with no offsets (and nobody mid-join) are removed, as Kafka's cleanup does. */
function collectDeadGroups(
  ctx: AdminContext,
  candidates: Iterable<ClassicGroup>,
  records: StoreRecord[],
  stillHasOffsets: (g: ClassicGroup) => boolean,
): void {
  for (const group of [...candidates]) {
    if (!group.is('Empty') || group.pendingJoin.size > 0 || stillHasOffsets(group)) continue;
    ctx.removeGroup(group);
    records.push({ type: 'group-delete', group: group.groupId });
  }
}

/**
 * Offset retention. Offsets with an explicit expiry (OffsetCommit v2–4 retention time) expire then.
 * Otherwise: a group with a protocol type expires offsets only while Empty, `retentionMs` after it became
 * Empty (or after the commit, if later: an admin commit into a long-Empty group is kept a full period);
 * a simple group (no protocol type) expires each offset `retentionMs` after its commit.
 * Returns the number of offsets removed.
 */
export async function expireOffsets(ctx: AdminContext, now: number): Promise<number> {
  const { table } = ctx.store;
  const retentionMs = ctx.config.offsetsRetentionMs;
  const records: StoreRecord[] = [];
  const remaining = new Map<string, number>();
  for (const group of ctx.allGroups()) {
    const offsets = table.offsetsOf(group.groupId);
    const managed = group.protocolType !== null;
    let left = offsets.length;
    for (const o of offsets) {
      let expired: boolean;
      if (o.expireTimestamp !== null) expired = (!managed || group.is('Empty')) && now >= o.expireTimestamp;
      else if (managed)
        expired = group.is('Empty') && now - Math.max(group.stateTimestamp, o.commitTimestamp) >= retentionMs;
      else expired = now - o.commitTimestamp >= retentionMs;
      if (!expired) continue;
      records.push({ type: 'offset-delete', group: group.groupId, topic: o.topic, partition: o.partition });
      left -= 1;
    }
    remaining.set(group.groupId, left);
  }
  collectDeadGroups(ctx, ctx.allGroups(), records, (g) => (remaining.get(g.groupId) ?? 0) > 0);
  await ctx.store.append(records);
  return records.filter((r) => r.type === 'offset-delete').length;
}

/** Drops every group's offsets of a deleted topic; Empty groups it leaves without offsets are removed. */
export async function deleteTopicOffsets(ctx: AdminContext, topic: string): Promise<number> {
  const { table } = ctx.store;
  const groupIds = table.groupsWithTopic(topic);
  let count = 0;
  for (const groupId of groupIds) count += table.offsetsOf(groupId).filter((o) => o.topic === topic).length;
  await ctx.store.append([{ type: 'topic-delete', topic }]);
  const records: StoreRecord[] = [];
  const affected = groupIds.map((id) => ctx.group(id)).filter((g): g is ClassicGroup => g !== undefined);
  collectDeadGroups(ctx, affected, records, (g) => table.hasOffsets(g.groupId));
  await ctx.store.append(records);
  return count;
}
