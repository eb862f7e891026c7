import { errorCode } from '../errors';
import type { RequestContext as GroupRequestContext } from '../groups';
import type { ApiKey } from '../protocol/api-keys';
import type { Handler, RequestContext } from './context';

const GROUP_KEY = 0;

function groupContext(ctx: RequestContext): GroupRequestContext {
  return {
    apiVersion: ctx.apiVersion,
    clientId: ctx.header.clientId ?? '',
    clientHost: `/${ctx.conn.socket.remoteAddress ?? 'unknown'}`,
  };
}

/** FindCoordinator 0–2: this node coordinates every group; transactions have no coordinator here. */
export const findCoordinator: Handler<typeof ApiKey.FindCoordinator> = (req, { core }) => {
  if (req.keyType !== GROUP_KEY) {
    return {
      throttleTimeMs: 0,
      errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'),
      errorMessage: 'transactions are not supported by this broker',
      nodeId: -1,
      host: '',
      port: -1,
    };
  }
  const { nodeId, host, port } = core.identity;
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId, host, port };
};

export const joinGroup: Handler<typeof ApiKey.JoinGroup> = async (req, ctx) => {
  const r = await ctx.core.groups.joinGroup(req, groupContext(ctx));
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    generationId: r.generationId,
    protocolName: r.protocolName,
    leader: r.leader,
    memberId: r.memberId,
    members: r.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata,
    })),
  };
};

export const syncGroup: Handler<typeof ApiKey.SyncGroup> = async (req, { core }) => {
  const r = await core.groups.syncGroup(req);
  return { throttleTimeMs: 0, errorCode: r.errorCode, assignment: r.assignment };
};

export const heartbeat: Handler<typeof ApiKey.Heartbeat> = (req, { core }) => ({
  throttleTimeMs: 0,
  errorCode: core.groups.heartbeat(req).errorCode,
});

export const leaveGroup: Handler<typeof ApiKey.LeaveGroup> = (req, { apiVersion, core }) => {
  const r = core.groups.leaveGroup(
    apiVersion >= 3
      ? { groupId: req.groupId, members: req.members }
      : { groupId: req.groupId, memberId: req.memberId },
  );
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    members: r.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: m.errorCode,
    })),
  };
};

export const offsetCommit: Handler<typeof ApiKey.OffsetCommit> = async (req, { core }) => {
  const r = await core.groups.commitOffsets(req);
  return {
    throttleTimeMs: 0,
    topics: r.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ ...p })) })),
  };
};

export const offsetFetch: Handler<typeof ApiKey.OffsetFetch> = (req, { apiVersion, core }) => {
  const r = core.groups.fetchOffsets({ groupId: req.groupId, topics: req.topics });
  // v1 has no top-level error: a group-level error is reported on every partition instead.
  const foldError = apiVersion < 2 && r.errorCode !== 0;
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ ...p, errorCode: foldError ? r.errorCode : p.errorCode })),
    })),
  };
};

export const describeGroups: Handler<typeof ApiKey.DescribeGroups> = (req, { core }) => ({
  throttleTimeMs: 0,
  groups: core.groups.describeGroups(req.groups).map((g) => ({
    errorCode: g.errorCode,
    groupId: g.groupId,
    groupState: g.groupState,
    protocolType: g.protocolType,
    protocolData: g.protocolData,
    members: g.members.map((m) => ({ ...m })),
    authorizedOperations: g.authorizedOperations,
  })),
});

export const listGroups: Handler<typeof ApiKey.ListGroups> = (_req, { core }) => {
  const r = core.groups.listGroups();
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    groups: r.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })),
  };
};

export const deleteGroups: Handler<typeof ApiKey.DeleteGroups> = async (req, { core }) => ({
  throttleTimeMs: 0,
  results: (await core.groups.deleteGroups(req.groupsNames)).map((r) => ({ ...r })),
});
