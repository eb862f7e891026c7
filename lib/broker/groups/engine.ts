import { type ErrorName, errorCode } from '../errors';
import type { Scheduler } from './clock';
import type { GroupConfig } from './config';
import type { ClassicGroup } from './group';
import { EMPTY_BYTES, type Member } from './member';
import type { JoinGroupResult, SyncGroupResult } from './types';

const JOIN_TIMER = 'join';
const SYNC_TIMER = 'sync';
const heartbeatTimer = (memberId: string): string => `heartbeat:${memberId}`;

export function joinError(memberId: string, error: ErrorName): JoinGroupResult {
  return {
    errorCode: errorCode(error),
    generationId: -1,
    protocolType: null,
    protocolName: '',
    leader: '',
    memberId,
    members: [],
  };
}

export function syncError(error: ErrorName): SyncGroupResult {
  return { errorCode: errorCode(error), protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

/**
 * The rebalance flow of classic groups, after Kafka's GroupCoordinator: preparing a rebalance, the
 * (initially delayed) join phase and its completion into a new generation, the pending-sync deadline,
 * session expiry, and member removal. Every timer lives in the group's TimerSet.
 */
export class RebalanceEngine {
  constructor(
    readonly config: GroupConfig,
    readonly scheduler: Scheduler,
    /** Called after every new generation (including "now Empty") so the group metadata is persisted. */
    private readonly onNewGeneration: (group: ClassicGroup) => void,
  ) {}

  now(): number {
    return this.scheduler.now();
  }

  /** (Re)arms the member's session deadline; a heartbeat, join or sync pushes it back. */
  scheduleHeartbeat(group: ClassicGroup, memberId: string, timeoutMs: number): void {
    group.timers.set(heartbeatTimer(memberId), timeoutMs, () => this.expireHeartbeat(group, memberId));
  }

  cancelHeartbeat(group: ClassicGroup, memberId: string): void {
    group.timers.cancel(heartbeatTimer(memberId));
  }

  private expireHeartbeat(group: ClassicGroup, memberId: string): void {
    if (group.is('Dead')) return;
    if (group.pendingJoin.has(memberId)) {
      this.removePendingMember(group, memberId);
      return;
    }
    const member = group.members.get(memberId);
    if (!member) return;
    // Members parked in a rebalance satisfy their heartbeat; new members do not (they time out on the
    // new-member join timeout instead of the session timeout).
    if (member.isNew || (!member.awaitingJoin && !member.awaitingSync)) this.removeMember(group, member);
  }

  removePendingMember(group: ClassicGroup, memberId: string): void {
    group.remove(memberId);
    this.cancelHeartbeat(group, memberId);
    if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  /** Leave, session expiry or pending-sync expiry: parked requests of the member get UNKNOWN_MEMBER_ID. */
  removeMember(group: ClassicGroup, member: Member): void {
    member.completeJoin(joinError('', 'UNKNOWN_MEMBER_ID'));
    member.completeSync(syncError('UNKNOWN_MEMBER_ID'));
    group.remove(member.memberId);
    this.cancelHeartbeat(group, member.memberId);
    if (group.is('Stable') || group.is('CompletingRebalance'))
      this.maybePrepareRebalanceOrCompleteJoin(group);
    else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  maybePrepareRebalanceOrCompleteJoin(group: ClassicGroup): void {
    if (group.canRebalance()) this.prepareRebalance(group);
    else this.maybeCompleteJoinPhase(group);
  }

  /** Completes the join phase once everyone rejoined, except during the initial delayed rebalance. */
  maybeCompleteJoinPhase(group: ClassicGroup): void {
    if (!group.is('PreparingRebalance') || group.previousState === 'Empty') return;
    if (group.hasAllMembersJoined()) this.completeJoin(group);
  }

  prepareRebalance(group: ClassicGroup): void {
    if (group.is('CompletingRebalance'))
      this.resetAndPropagateAssignmentError(group, 'REBALANCE_IN_PROGRESS');
    this.clearPendingSync(group);
    const initial = group.is('Empty');
    group.transitionTo('PreparingRebalance', this.now());
    if (initial) {
      group.newMemberAdded = false;
      const delay = this.config.initialRebalanceDelayMs;
      const remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0);
      group.timers.set(JOIN_TIMER, delay, () => this.tryCompleteInitialRebalance(group, delay, remaining));
    } else if (group.hasAllMembersJoined()) {
      this.completeJoin(group);
    } else {
      group.timers.set(JOIN_TIMER, group.rebalanceTimeoutMs(), () => this.completeJoin(group));
    }
  }

  /** The initial delay is extended while new members keep arriving, up to the rebalance timeout. */
  private tryCompleteInitialRebalance(group: ClassicGroup, delay: number, remaining: number): void {
    if (group.newMemberAdded && remaining !== 0) {
      group.newMemberAdded = false;
      const nextDelay = Math.min(this.config.initialRebalanceDelayMs, remaining);
      const nextRemaining = Math.max(remaining - delay, 0);
      group.timers.set(JOIN_TIMER, nextDelay, () =>
        this.tryCompleteInitialRebalance(group, nextDelay, nextRemaining),
      );
    } else {
      this.completeJoin(group);
    }
  }

  /**
   * Ends the join phase: dynamic members that did not rejoin are dropped, the generation advances and
   * every parked JoinGroup is answered (the leader gets the member list).
   */
  completeJoin(group: ClassicGroup): void {
    group.timers.cancel(JOIN_TIMER);
    for (const member of group.notYetRejoined()) {
      if (member.groupInstanceId !== null) continue;
      group.remove(member.memberId);
      this.cancelHeartbeat(group, member.memberId);
    }
    if (group.is('Dead')) return;
    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // Only static members that did not rejoin are left: wait another rebalance timeout.
      group.timers.set(JOIN_TIMER, group.rebalanceTimeoutMs(), () => this.completeJoin(group));
      return;
    }
    group.initNextGeneration(this.now());
    this.onNewGeneration(group);
    if (group.is('Empty')) return;
    const members = group.currentMemberMetadata();
    for (const member of group.members.values()) {
      member.completeJoin({
        errorCode: 0,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName ?? '',
        leader: group.leaderId ?? '',
        memberId: member.memberId,
        members: member.memberId === group.leaderId ? members : [],
      });
      this.scheduleHeartbeat(group, member.memberId, member.sessionTimeoutMs);
      member.isNew = false;
      group.pendingSync.add(member.memberId);
    }
    const generation = group.generationId;
    group.timers.set(SYNC_TIMER, group.rebalanceTimeoutMs(), () => this.expirePendingSync(group, generation));
  }

  /** Members that did not send SyncGroup within the rebalance timeout are removed and the group rebalances. */
  private expirePendingSync(group: ClassicGroup, generation: number): void {
    if (generation !== group.generationId || group.pendingSync.size === 0) return;
    if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
    for (const memberId of [...group.pendingSync]) {
      group.remove(memberId)?.completeSync(syncError('UNKNOWN_MEMBER_ID'));
      this.cancelHeartbeat(group, memberId);
    }
    this.prepareRebalance(group);
  }

  removePendingSync(group: ClassicGroup, memberId: string): void {
    group.pendingSync.delete(memberId);
    if (group.pendingSync.size === 0) group.timers.cancel(SYNC_TIMER);
  }

  private clearPendingSync(group: ClassicGroup): void {
    group.pendingSync.clear();
    group.timers.cancel(SYNC_TIMER);
  }

  /** The leader's assignment: members it left out get an empty one; ids it made up are ignored. */
  setAndPropagateAssignment(group: ClassicGroup, assignments: ReadonlyMap<string, Buffer>): void {
    for (const member of group.members.values())
      member.assignment = assignments.get(member.memberId) ?? EMPTY_BYTES;
    this.propagateAssignment(group, 0);
  }

  resetAndPropagateAssignmentError(group: ClassicGroup, error: ErrorName): void {
    for (const member of group.members.values()) member.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, errorCode(error));
  }

  private propagateAssignment(group: ClassicGroup, code: number): void {
    for (const member of group.members.values()) {
      const answered = member.completeSync({
        errorCode: code,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        assignment: member.assignment,
      });
      if (answered) this.scheduleHeartbeat(group, member.memberId, member.sessionTimeoutMs);
    }
  }

  /** Stops the group's timers and answers every parked request (coordinator shutdown or group deletion). */
  shutdown(group: ClassicGroup, error: ErrorName): void {
    group.timers.cancelAll();
    for (const member of group.members.values()) {
      member.completeJoin(joinError(member.memberId, error));
      member.completeSync(syncError(error));
    }
  }
}
