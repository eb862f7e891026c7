import { type ErrorName, errorCode } from '../errors';
import type { GroupContext } from './context';
import { syncError } from './engine';
import type { ClassicGroup } from './group';
import type { Member } from './member';
import type { HeartbeatRequest, HeartbeatResult, SyncGroupRequest, SyncGroupResult } from './types';

/** Dead group, fenced/unknown member, wrong generation: the checks SyncGroup and Heartbeat share. */
function validateGeneration(
  group: ClassicGroup | undefined,
  memberId: string,
  instanceId: string | null,
  generationId: number,
): ErrorName | null {
  if (!group) return 'UNKNOWN_MEMBER_ID';
  if (group.is('Dead')) return 'COORDINATOR_NOT_AVAILABLE';
  const error = group.validateMember(memberId, instanceId);
  if (error) return error;
  return generationId === group.generationId ? null : 'ILLEGAL_GENERATION';
}

function inconsistent(requested: string | null | undefined, actual: string | null): boolean {
  return requested !== undefined && requested !== null && requested !== actual;
}

/**
 * SyncGroup: followers wait for the leader's assignment; the leader's sync distributes it and makes the
 * group Stable. In a Stable group the member's current assignment is returned at once.
 */
export function syncGroup(ctx: GroupContext, req: SyncGroupRequest): Promise<SyncGroupResult> {
  if (req.groupId === '') return Promise.resolve(syncError('INVALID_GROUP_ID'));
  const group = ctx.group(req.groupId);
  const instanceId = req.groupInstanceId ?? null;
  const error = validateGeneration(group, req.memberId, instanceId, req.generationId);
  if (error || !group) return Promise.resolve(syncError(error ?? 'UNKNOWN_MEMBER_ID'));
  if (
    inconsistent(req.protocolType, group.protocolType) ||
    inconsistent(req.protocolName, group.protocolName)
  ) {
    return Promise.resolve(syncError('INCONSISTENT_GROUP_PROTOCOL'));
  }
  const member = group.members.get(req.memberId) as Member;
  switch (group.state) {
    case 'PreparingRebalance':
      return Promise.resolve(syncError('REBALANCE_IN_PROGRESS'));
    case 'CompletingRebalance':
      return new Promise((resolve) => {
        member.addSyncWaiter(resolve);
        ctx.engine.removePendingSync(group, member.memberId);
        if (group.leaderId === member.memberId) {
          const assignments = new Map<string, Buffer>();
          for (const a of req.assignments) assignments.set(a.memberId, a.assignment);
          ctx.engine.setAndPropagateAssignment(group, assignments);
          group.transitionTo('Stable', ctx.engine.now());
        }
      });
    case 'Stable':
      ctx.engine.removePendingSync(group, member.memberId);
      ctx.engine.scheduleHeartbeat(group, member.memberId, member.sessionTimeoutMs);
      return Promise.resolve({
        errorCode: 0,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        assignment: member.assignment,
      });
    default:
      return Promise.resolve(syncError('UNKNOWN_MEMBER_ID'));
  }
}

/** Heartbeat: keeps the session alive; REBALANCE_IN_PROGRESS tells the member to rejoin. */
export function heartbeat(ctx: GroupContext, req: HeartbeatRequest): HeartbeatResult {
  const answer = (name: ErrorName): HeartbeatResult => ({ errorCode: errorCode(name) });
  if (req.groupId === '') return answer('INVALID_GROUP_ID');
  const group = ctx.group(req.groupId);
  const error = validateGeneration(group, req.memberId, req.groupInstanceId ?? null, req.generationId);
  if (error || !group) return answer(error ?? 'UNKNOWN_MEMBER_ID');
  const member = group.members.get(req.memberId) as Member;
  switch (group.state) {
    case 'PreparingRebalance':
      ctx.engine.scheduleHeartbeat(group, member.memberId, member.sessionTimeoutMs);
      return answer('REBALANCE_IN_PROGRESS');
    case 'CompletingRebalance':
    case 'Stable':
      // Members may heartbeat between their JoinGroup response and the end of the sync phase.
      ctx.engine.scheduleHeartbeat(group, member.memberId, member.sessionTimeoutMs);
      return answer('NONE');
    default:
      return answer('UNKNOWN_MEMBER_ID');
  }
}
