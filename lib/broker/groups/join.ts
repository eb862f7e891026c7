import { randomUUID } from 'node:crypto';
import type { ErrorName } from '../errors';
import type { GroupContext } from './context';
import { joinError, syncError } from './engine';
import type { ClassicGroup } from './group';
import { type JoinWaiter, Member } from './member';
import type { JoinGroupProtocol, JoinGroupRequest, JoinGroupResult, RequestContext } from './types';

/** A JoinGroup with defaults applied. */
interface Join {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
  readonly clientId: string;
  readonly clientHost: string;
  /** JoinGroup v4+ (KIP-394): a first join gets MEMBER_ID_REQUIRED and must rejoin with that id. */
  readonly requireKnownMemberId: boolean;
}

const MEMBER_ID_REQUIRED_VERSION = 4;

/**
 * JoinGroup: resolves when the member's join completes, which for a rebalance means when the join
 * phase ends (all members rejoined, the rebalance timeout, or the initial delay).
 */
export function joinGroup(
  ctx: GroupContext,
  req: JoinGroupRequest,
  rc: RequestContext,
): Promise<JoinGroupResult> {
  const fail = (error: ErrorName) => Promise.resolve(joinError(req.memberId, error));
  if (req.groupId === '') return fail('INVALID_GROUP_ID');
  const { minSessionTimeoutMs, maxSessionTimeoutMs } = ctx.config;
  if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) {
    return fail('INVALID_SESSION_TIMEOUT');
  }
  const join: Join = {
    groupId: req.groupId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId ?? null,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs:
      req.rebalanceTimeoutMs !== undefined && req.rebalanceTimeoutMs >= 0
        ? req.rebalanceTimeoutMs
        : req.sessionTimeoutMs,
    protocolType: req.protocolType,
    protocols: uniqueByName(req.protocols),
    clientId: rc.clientId,
    clientHost: rc.clientHost,
    requireKnownMemberId: rc.apiVersion >= MEMBER_ID_REQUIRED_VERSION,
  };
  const isUnknownMember = join.memberId === '';
  let group = ctx.group(join.groupId);
  let created = false;
  if (!group) {
    if (!isUnknownMember) return fail('UNKNOWN_MEMBER_ID');
    group = ctx.createGroup(join.groupId);
    created = true;
  }
  const target = group;
  return new Promise<JoinGroupResult>((resolve) => {
    const immediate = isUnknownMember
      ? joinNewMember(ctx, target, join, resolve)
      : joinExistingMember(ctx, target, join, resolve);
    if (immediate) resolve(immediate);
    if (created) ctx.discardIfUnused(target);
  });
}

function uniqueByName(protocols: readonly JoinGroupProtocol[]): JoinGroupProtocol[] {
  const seen = new Set<string>();
  return protocols.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

function names(join: Join): string[] {
  return join.protocols.map((p) => p.name);
}

/** Each join path either answers at once (a result) or parks `waiter` until the join phase ends (null). */
type Parked = JoinGroupResult | null;

function joinNewMember(ctx: GroupContext, group: ClassicGroup, join: Join, waiter: JoinWaiter): Parked {
  if (group.is('Dead')) return joinError('', 'COORDINATOR_NOT_AVAILABLE');
  if (!group.supportsProtocols(join.protocolType, names(join)))
    return joinError('', 'INCONSISTENT_GROUP_PROTOCOL');
  const newMemberId = `${join.groupInstanceId ?? join.clientId}-${randomUUID()}`;
  if (join.groupInstanceId !== null) {
    const existing = group.staticMembers.get(join.groupInstanceId);
    if (existing !== undefined) return replaceStaticMember(ctx, group, join, existing, newMemberId, waiter);
    return addMemberAndRebalance(ctx, group, join, newMemberId, waiter);
  }
  if (join.requireKnownMemberId) {
    group.pendingJoin.add(newMemberId);
    ctx.engine.scheduleHeartbeat(group, newMemberId, join.sessionTimeoutMs);
    return joinError(newMemberId, 'MEMBER_ID_REQUIRED');
  }
  return addMemberAndRebalance(ctx, group, join, newMemberId, waiter);
}

function joinExistingMember(ctx: GroupContext, group: ClassicGroup, join: Join, waiter: JoinWaiter): Parked {
  const { memberId, groupInstanceId } = join;
  if (group.is('Dead')) return joinError(memberId, 'COORDINATOR_NOT_AVAILABLE');
  if (!group.supportsProtocols(join.protocolType, names(join)))
    return joinError(memberId, 'INCONSISTENT_GROUP_PROTOCOL');
  if (group.pendingJoin.has(memberId)) {
    // Pending ids are handed to dynamic members; a static id already owned elsewhere is fenced.
    if (groupInstanceId !== null && group.staticMembers.has(groupInstanceId)) {
      return joinError(memberId, 'FENCED_INSTANCE_ID');
    }
    return addMemberAndRebalance(ctx, group, join, memberId, waiter);
  }
  const error = group.validateMember(memberId, groupInstanceId);
  if (error) return joinError(memberId, error);
  const member = group.members.get(memberId) as Member;
  const isLeader = group.leaderId === memberId;
  switch (group.state) {
    case 'PreparingRebalance':
      return updateMemberAndRebalance(ctx, group, member, join, waiter);
    case 'CompletingRebalance':
      // Same metadata: the member probably lost the JoinGroup response; hand it out again.
      if (member.matches(join.protocols)) return currentGeneration(group, memberId, isLeader);
      return updateMemberAndRebalance(ctx, group, member, join, waiter);
    case 'Stable':
      // The leader rejoining forces a rebalance (e.g. topic metadata changed), as does new metadata.
      if (isLeader || !member.matches(join.protocols))
        return updateMemberAndRebalance(ctx, group, member, join, waiter);
      return currentGeneration(group, memberId, false);
    default:
      return joinError(memberId, 'UNKNOWN_MEMBER_ID');
  }
}

function currentGeneration(
  group: ClassicGroup,
  memberId: string,
  withMembers: boolean,
  leader?: string,
): JoinGroupResult {
  return {
    errorCode: 0,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName ?? '',
    leader: leader ?? group.leaderId ?? '',
    memberId,
    members: withMembers ? group.currentMemberMetadata() : [],
  };
}

function addMemberAndRebalance(
  ctx: GroupContext,
  group: ClassicGroup,
  join: Join,
  memberId: string,
  waiter: JoinWaiter,
): Parked {
  const member = new Member({ ...join, memberId });
  member.isNew = true;
  if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true;
  group.add(member, waiter);
  // A new member cannot heartbeat while its JoinGroup is parked: it gets the longer new-member timeout.
  ctx.engine.scheduleHeartbeat(group, memberId, ctx.config.newMemberJoinTimeoutMs);
  ctx.engine.maybePrepareRebalanceOrCompleteJoin(group);
  return null;
}

function updateMemberAndRebalance(
  ctx: GroupContext,
  group: ClassicGroup,
  member: Member,
  join: Join,
  waiter: JoinWaiter,
): Parked {
  group.updateMember(member, join.protocols, join.rebalanceTimeoutMs, join.sessionTimeoutMs, waiter);
  ctx.engine.maybePrepareRebalanceOrCompleteJoin(group);
  return null;
}

/** KIP-345: a known static member rejoining with an unknown member id takes over its old identity. */
function replaceStaticMember(
  ctx: GroupContext,
  group: ClassicGroup,
  join: Join,
  oldMemberId: string,
  newMemberId: string,
  waiter: JoinWaiter,
): Parked {
  const instanceId = join.groupInstanceId as string;
  const currentLeader = group.leaderId ?? '';
  ctx.engine.cancelHeartbeat(group, oldMemberId);
  const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId, (old) => {
    old.completeJoin(joinError(oldMemberId, 'FENCED_INSTANCE_ID'));
    old.completeSync(syncError('FENCED_INSTANCE_ID'));
  });
  if (group.pendingSync.delete(oldMemberId)) group.pendingSync.add(newMemberId);
  group.updateMember(member, join.protocols, join.rebalanceTimeoutMs, join.sessionTimeoutMs);
  ctx.engine.scheduleHeartbeat(group, newMemberId, member.sessionTimeoutMs);
  if (group.is('Stable') && group.selectProtocol() === group.protocolName) {
    // No rebalance. The old leader id is returned so the replaced member never assigns as leader.
    ctx.persistGroup(group);
    return currentGeneration(group, newMemberId, false, currentLeader);
  }
  member.addJoinWaiter(waiter);
  switch (group.state) {
    case 'Stable':
    case 'CompletingRebalance':
      // New protocol, or the leader may already be assigning for the old id: rebalance.
      ctx.engine.prepareRebalance(group);
      return null;
    case 'PreparingRebalance':
      ctx.engine.maybeCompleteJoinPhase(group);
      return null;
    default:
      member.completeJoin(joinError(newMemberId, 'UNKNOWN_MEMBER_ID'));
      return null;
  }
}
