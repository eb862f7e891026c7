import { errorCode } from '../errors';
import * as admin from './admin';
import { type Scheduler, systemScheduler, TimerSet } from './clock';
import { type GroupConfig, resolveGroupConfig } from './config';
import { joinError, RebalanceEngine, syncError } from './engine';
import { ClassicGroup } from './group';
import { joinGroup } from './join';
import type { JournalStats } from './journal';
import { leaveGroup } from './leave';
import { commitOffsets, fetchOffsets } from './offsets';
import { GroupStore } from './store';
import { heartbeat, syncGroup } from './sync';
import type {
  CommittedOffset,
  DeleteGroupsResult,
  DescribedGroup,
  HeartbeatRequest,
  HeartbeatResult,
  JoinGroupRequest,
  JoinGroupResult,
  LeaveGroupRequest,
  LeaveGroupResult,
  ListGroupsResult,
  OffsetCommitRequest,
  OffsetCommitResult,
  OffsetFetchRequest,
  OffsetFetchResult,
  RequestContext,
  SyncGroupRequest,
  SyncGroupResult,
} from './types';

export interface GroupCoordinatorOptions {
  /** Directory for the offset store (e.g. `<data dir>/groups`); null or absent keeps state in memory. */
  readonly dataDir?: string | null;
  readonly config?: Partial<GroupConfig>;
  /** Clock and timers; defaults to real time. Tests pass a ManualScheduler. */
  readonly scheduler?: Scheduler;
  /** OffsetCommit for a partition that does not exist answers UNKNOWN_TOPIC_OR_PARTITION. Default: all exist. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  readonly onWarning?: (message: string) => void;
}

const NOT_AVAILABLE = errorCode('COORDINATOR_NOT_AVAILABLE');

/**
 * The classic group coordinator of a single-node broker (so the coordinator of every group) and its
 * offset store. Methods take decoded request bodies and return response bodies; JoinGroup, SyncGroup,
 * OffsetCommit and DeleteGroups resolve later (rebalance completion, fsync). After `close()` every
 * request answers COORDINATOR_NOT_AVAILABLE.
 */
export class GroupCoordinator {
  readonly config: GroupConfig;
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly engine: RebalanceEngine;
  private readonly ctx: admin.AdminContext;
  private readonly timers: TimerSet;
  private closed = false;

  private constructor(
    private readonly store: GroupStore,
    private readonly scheduler: Scheduler,
    config: GroupConfig,
    options: GroupCoordinatorOptions,
  ) {
    this.config = config;
    this.timers = new TimerSet(scheduler);
    const warn = (message: string) => options.onWarning?.(message);
    const persistGroup = (group: ClassicGroup) => {
      this.store.append([groupRecord(group)]).catch((err) => warn(`group store: ${String(err)}`));
    };
    this.engine = new RebalanceEngine(config, scheduler, persistGroup);
    const groups = this.groups;
    this.ctx = {
      config,
      engine: this.engine,
      store,
      partitionExists: options.partitionExists ?? (() => true),
      group: (groupId) => groups.get(groupId),
      createGroup: (groupId) => {
        const group = new ClassicGroup(groupId, scheduler, {
          generationId: 0,
          protocolType: null,
          stateTimestamp: scheduler.now(),
        });
        groups.set(groupId, group);
        return group;
      },
      discardIfUnused: (group) => {
        const unused = group.is('Empty') && group.members.size === 0 && group.pendingJoin.size === 0;
        const { table } = store;
        if (unused && !table.hasOffsets(group.groupId) && !table.group(group.groupId))
          this.ctx.removeGroup(group);
      },
      persistGroup,
      allGroups: () => groups.values(),
      removeGroup: (group) => {
        group.transitionTo('Dead', scheduler.now());
        this.engine.shutdown(group, 'COORDINATOR_NOT_AVAILABLE');
        if (groups.get(group.groupId) === group) groups.delete(group.groupId);
      },
    };
  }

  /** Opens the store (replaying snapshot and journal) and restores every known group as Empty. */
  static async open(options: GroupCoordinatorOptions = {}): Promise<GroupCoordinator> {
    const config = resolveGroupConfig(options.config);
    const scheduler = options.scheduler ?? systemScheduler;
    const store = await GroupStore.open({
      dir: options.dataDir ?? null,
      compactThresholdBytes: config.compactThresholdBytes,
      onWarning: options.onWarning,
    });
    const coordinator = new GroupCoordinator(store, scheduler, config, options);
    const now = scheduler.now();
    for (const groupId of store.table.groupIds()) {
      const stored = store.table.group(groupId);
      const group = new ClassicGroup(groupId, scheduler, {
        generationId: stored?.generationId ?? 0,
        protocolType: stored?.protocolType ?? null,
        // A group that had members when the broker stopped counts as Empty from now on.
        stateTimestamp: stored?.emptySince ?? now,
      });
      coordinator.groups.set(groupId, group);
    }
    coordinator.scheduleRetention();
    return coordinator;
  }

  joinGroup(request: JoinGroupRequest, context: RequestContext): Promise<JoinGroupResult> {
    if (this.closed) return Promise.resolve(joinError(request.memberId, 'COORDINATOR_NOT_AVAILABLE'));
    return joinGroup(this.ctx, request, context);
  }

  syncGroup(request: SyncGroupRequest): Promise<SyncGroupResult> {
    if (this.closed) return Promise.resolve(syncError('COORDINATOR_NOT_AVAILABLE'));
    return syncGroup(this.ctx, request);
  }

  heartbeat(request: HeartbeatRequest): HeartbeatResult {
    if (this.closed) return { errorCode: NOT_AVAILABLE };
    return heartbeat(this.ctx, request);
  }

  /** `apiVersion` picks v0–2 (single `memberId`, member error folded to the top) or v3+ (`members` batch). */
  leaveGroup(request: LeaveGroupRequest, apiVersion?: number): LeaveGroupResult {
    if (this.closed) return { errorCode: NOT_AVAILABLE, members: [] };
    return leaveGroup(this.ctx, request, apiVersion);
  }

  commitOffsets(request: OffsetCommitRequest): Promise<OffsetCommitResult> {
    if (this.closed) {
      return Promise.resolve({
        topics: request.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            errorCode: NOT_AVAILABLE,
          })),
        })),
      });
    }
    return commitOffsets(this.ctx, request);
  }

  fetchOffsets(request: OffsetFetchRequest): OffsetFetchResult {
    if (this.closed) return { errorCode: NOT_AVAILABLE, topics: [] };
    return fetchOffsets(this.ctx, request);
  }

  describeGroups(groupIds: readonly string[]): DescribedGroup[] {
    return groupIds.map((groupId) => {
      const described = admin.describeGroup(this.ctx, groupId);
      return this.closed ? { ...described, errorCode: NOT_AVAILABLE, members: [] } : described;
    });
  }

  listGroups(statesFilter?: readonly string[]): ListGroupsResult {
    if (this.closed) return { errorCode: NOT_AVAILABLE, groups: [] };
    return admin.listGroups(this.ctx, statesFilter);
  }

  deleteGroups(groupIds: readonly string[]): Promise<DeleteGroupsResult[]> {
    if (this.closed)
      return Promise.resolve(groupIds.map((groupId) => ({ groupId, errorCode: NOT_AVAILABLE })));
    return admin.deleteGroups(this.ctx, groupIds);
  }

  // ---- query API for the rest of the broker, the dashboard and tests ----

  /** The group as DescribeGroups shows it, or undefined when the group does not exist. */
  describeGroup(groupId: string): DescribedGroup | undefined {
    return this.groups.has(groupId) ? admin.describeGroup(this.ctx, groupId) : undefined;
  }

  /** Committed offsets of a group (all topics), in commit order per topic. */
  committedOffsets(groupId: string): CommittedOffset[] {
    return this.store.table.offsetsOf(groupId);
  }

  /** Removes the offsets of a deleted topic from every group; resolves with how many were removed. */
  deleteTopicOffsets(topic: string): Promise<number> {
    if (this.closed) return Promise.reject(new Error('group coordinator is closed'));
    return admin.deleteTopicOffsets(this.ctx, topic);
  }

  /** Runs the offset retention check now (it also runs every offsetsRetentionCheckIntervalMs). */
  expireOffsets(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    return admin.expireOffsets(this.ctx, this.scheduler.now());
  }

  /** Durability counters of the offset store (null when in memory). */
  storeStats(): JournalStats | null {
    return this.store.stats();
  }

  /** Folds the journal into a fresh snapshot now (it also happens past compactThresholdBytes). */
  compact(): Promise<void> {
    return this.store.compact();
  }

  /** Stops every timer, answers parked JoinGroup/SyncGroup with NOT_COORDINATOR, flushes and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.cancelAll();
    for (const group of this.groups.values()) this.engine.shutdown(group, 'NOT_COORDINATOR');
    await this.store.close();
  }

  private scheduleRetention(): void {
    this.timers.set('retention', this.config.offsetsRetentionCheckIntervalMs, () => {
      this.expireOffsets()
        .catch(() => undefined)
        .finally(() => {
          if (!this.closed) this.scheduleRetention();
        });
    });
  }
}

function groupRecord(group: ClassicGroup) {
  return {
    type: 'group' as const,
    group: group.groupId,
    protocolType: group.protocolType,
    generationId: group.generationId,
    protocolName: group.protocolName,
    leader: group.leaderId,
    emptySince: group.is('Empty') ? group.stateTimestamp : null,
  };
}
