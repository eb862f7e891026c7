/**
 * Classic consumer group coordinator and offset store of the embedded broker.
 *
 * One `GroupCoordinator` serves every group (single node: FindCoordinator answers this broker).
 * Handlers pass decoded request bodies (camelCase Kafka field names) and encode what comes back:
 *
 *   const groups = await GroupCoordinator.open({ dataDir: join(dataDir, 'groups'), partitionExists });
 *   // JoinGroup v0–5 (parked until the rebalance completes)
 *   const body = await groups.joinGroup(req, { apiVersion, clientId: header.clientId, clientHost });
 *   // SyncGroup v0–3 (followers wait for the leader's assignment)
 *   const body = await groups.syncGroup(req);
 *   // OffsetCommit v2–7 (resolves after fsync)
 *   const body = await groups.commitOffsets(req);
 *   // Heartbeat, LeaveGroup, OffsetFetch, DescribeGroups, ListGroups answer synchronously
 *   const body = groups.heartbeat(req);
 *   const body = { groups: groups.describeGroups(req.groups) };
 *   const body = { results: await groups.deleteGroups(req.groupsNames) };
 *
 * Static membership (JoinGroup v5 group.instance.id, KIP-345) is supported. Members are not persisted:
 * after a restart every group is Empty with its offsets, generation and protocol type.
 */
export { AUTHORIZED_OPERATIONS_OMITTED } from './admin';
export { type Cancel, ManualScheduler, type Scheduler, systemScheduler } from './clock';
export { GROUP_DEFAULTS, type GroupConfig, resolveGroupConfig } from './config';
export { GroupCoordinator, type GroupCoordinatorOptions } from './coordinator';
export { JOURNAL_FILE, type JournalStats, SNAPSHOT_FILE } from './journal';
export type * from './types';
