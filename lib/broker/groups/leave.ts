import { type ErrorName, errorCode } from '../errors';
import type { GroupContext } from './context';
import type {
  LeaveGroupMemberIdentity,
  LeaveGroupRequest,
  LeaveGroupResponseMember,
  LeaveGroupResult,
} from './types';

/**
 * LeaveGroup: v0–2 name one member, v3+ a batch (KIP-345 lets admins remove static members by
 * group.instance.id with an empty member id). Each removal triggers the usual rebalance handling.
 */
export function leaveGroup(ctx: GroupContext, req: LeaveGroupRequest, apiVersion?: number): LeaveGroupResult {
  // Without a version, a non-empty `members` list means v3+ (decoded v0–2 bodies carry `members: []`).
  const batch = apiVersion === undefined ? (req.members?.length ?? 0) > 0 : apiVersion >= 3;
  const identities: readonly LeaveGroupMemberIdentity[] = batch
    ? (req.members ?? [])
    : [{ memberId: req.memberId ?? '' }];
  const respond = (top: ErrorName, members: LeaveGroupResponseMember[]): LeaveGroupResult => {
    const firstMemberError = members.find((m) => m.errorCode !== 0)?.errorCode ?? 0;
    const topCode = errorCode(top);
    return { errorCode: batch || topCode !== 0 ? topCode : firstMemberError, members };
  };
  const each = (errorFor: (m: LeaveGroupMemberIdentity) => ErrorName): LeaveGroupResponseMember[] =>
    identities.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      errorCode: errorCode(errorFor(m)),
    }));

  if (req.groupId === '') return respond('INVALID_GROUP_ID', []);
  const group = ctx.group(req.groupId);
  if (!group)
    return respond(
      'NONE',
      each(() => 'UNKNOWN_MEMBER_ID'),
    );
  if (group.is('Dead')) return respond('COORDINATOR_NOT_AVAILABLE', []);
  const { engine } = ctx;
  return respond(
    'NONE',
    each(({ memberId, groupInstanceId }): ErrorName => {
      const instanceId = groupInstanceId ?? null;
      if (memberId === '') {
        const staticId = instanceId === null ? undefined : group.staticMembers.get(instanceId);
        const member = staticId === undefined ? undefined : group.members.get(staticId);
        if (!member) return 'UNKNOWN_MEMBER_ID';
        engine.removeMember(group, member);
        return 'NONE';
      }
      if (group.pendingJoin.has(memberId)) {
        engine.removePendingMember(group, memberId);
        return 'NONE';
      }
      const error = group.validateMember(memberId, instanceId);
      if (error) return error;
      const member = group.members.get(memberId);
      if (member) engine.removeMember(group, member);
      return 'NONE';
    }),
  );
}
