import type { ErrorName } from '../errors';
import { type Scheduler, TimerSet } from './clock';
import { type JoinWaiter, Member } from './member';
import type { GroupState, JoinGroupProtocol, JoinGroupResponseMember } from './types';

/** Kafka's classic group state machine: the states each state may be entered from. */
const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export interface GroupInit {
  readonly generationId: number;
  readonly protocolType: string | null;
  /** When the group entered its current (Empty) state. */
  readonly stateTimestamp: number;
}

/**
 * The data of one classic group: members, pending members, static instance ids, leader, generation
 * and protocol bookkeeping. Pure bookkeeping: timers and the rebalance flow live in the engine.
 */
export class ClassicGroup {
  state: GroupState = 'Empty';
  previousState: GroupState = 'Empty';
  stateTimestamp: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Set when a member joins during the initial (delayed) rebalance, which then waits a little longer. */
  newMemberAdded = false;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not rejoined yet. */
  readonly pendingJoin = new Set<string>();
  /** Members of the current generation that have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  /** group.instance.id -> member id of static members. */
  readonly staticMembers = new Map<string, string>();
  readonly timers: TimerSet;
  private readonly protocolCounts = new Map<string, number>();

  constructor(
    readonly groupId: string,
    scheduler: Scheduler,
    init: GroupInit,
  ) {
    this.timers = new TimerSet(scheduler);
    this.generationId = init.generationId;
    this.protocolType = init.protocolType;
    this.stateTimestamp = init.stateTimestamp;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState, now: number): void {
    if (!VALID_PREVIOUS[state].includes(this.state)) {
      throw new Error(`group ${this.groupId}: invalid transition ${this.state} -> ${state}`);
    }
    this.previousState = this.state;
    this.state = state;
    this.stateTimestamp = now;
  }

  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this.state);
  }

  add(member: Member, waiter?: JoinWaiter): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.countProtocols(member.protocols, 1);
    if (waiter) member.addJoinWaiter(waiter);
    this.pendingJoin.delete(member.memberId);
  }

  remove(memberId: string): Member | undefined {
    const member = this.members.get(memberId);
    if (member) {
      this.members.delete(memberId);
      this.countProtocols(member.protocols, -1);
      const instanceId = member.groupInstanceId;
      if (instanceId !== null && this.staticMembers.get(instanceId) === memberId)
        this.staticMembers.delete(instanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingJoin.delete(memberId);
    this.pendingSync.delete(memberId);
    return member;
  }

  updateMember(
    member: Member,
    protocols: readonly JoinGroupProtocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    waiter?: JoinWaiter,
  ): void {
    this.countProtocols(member.protocols, -1);
    member.protocols = protocols;
    this.countProtocols(protocols, 1);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    if (waiter) member.addJoinWaiter(waiter);
  }

  /**
   * A static member rejoined with an unknown member id: the old id is fenced (its parked requests get
   * FENCED_INSTANCE_ID) and replaced by the new one, keeping everything else, assignment included.
   */
  replaceStaticMember(
    instanceId: string,
    oldMemberId: string,
    newMemberId: string,
    fence: (old: Member) => void,
  ): Member {
    const old = this.members.get(oldMemberId);
    if (!old) throw new Error(`group ${this.groupId}: cannot replace unknown member ${oldMemberId}`);
    fence(old);
    this.members.delete(oldMemberId);
    const replacement = new Member({ ...old, memberId: newMemberId, assignment: old.assignment });
    this.members.set(newMemberId, replacement);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    this.staticMembers.set(instanceId, newMemberId);
    return replacement;
  }

  /** Kafka's check: an Empty group takes any non-empty protocol set; otherwise the type must match and
   * at least one protocol must be supported by every current member. */
  supportsProtocols(protocolType: string, names: readonly string[]): boolean {
    if (this.is('Empty')) return protocolType !== '' && names.length > 0;
    const size = this.members.size;
    return (
      this.protocolType === protocolType && names.some((n) => (this.protocolCounts.get(n) ?? 0) === size)
    );
  }

  /** Each member votes for its most preferred protocol supported by all; most votes wins (ties: first voted). */
  selectProtocol(): string {
    const size = this.members.size;
    const candidates = new Set([...this.protocolCounts].filter(([, n]) => n === size).map(([name]) => name));
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const choice = member.vote(candidates);
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestVotes = 0;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol supported by all members`);
    return best;
  }

  hasAllMembersJoined(): boolean {
    if (this.pendingJoin.size > 0) return false;
    for (const member of this.members.values()) if (!member.awaitingJoin) return false;
    return true;
  }

  /** The group's rebalance timeout: the largest of its members'. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  notYetRejoined(): Member[] {
    return [...this.members.values()].filter((m) => !m.awaitingJoin);
  }

  /** Keeps the leader if it rejoined, else picks a member that did; false when no member rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.awaitingJoin) return true;
    for (const member of this.members.values()) {
      if (member.awaitingJoin) {
        this.leaderId = member.memberId;
        return true;
      }
    }
    return false;
  }

  /** Next generation: CompletingRebalance with a selected protocol, or Empty when nobody is left. */
  initNextGeneration(now: number): void {
    this.generationId += 1;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.transitionTo('Empty', now);
    }
  }

  /** The member list the leader receives: each member's metadata for the selected protocol. */
  currentMemberMetadata(): JoinGroupResponseMember[] {
    const protocol = this.protocolName ?? '';
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocol),
    }));
  }

  /** A static member whose instance id is mapped to another member id is fenced. */
  isStaticMemberFenced(memberId: string, instanceId: string | null): boolean {
    if (instanceId === null) return false;
    const current = this.staticMembers.get(instanceId);
    return current !== undefined && current !== memberId;
  }

  /** Kafka's validateMember: the instance id (if any) must map to the member id, which must be a member. */
  validateMember(memberId: string, instanceId: string | null): ErrorName | null {
    if (instanceId !== null) {
      const current = this.staticMembers.get(instanceId);
      if (current === undefined) return 'UNKNOWN_MEMBER_ID';
      if (current !== memberId) return 'FENCED_INSTANCE_ID';
    }
    return this.members.has(memberId) ? null : 'UNKNOWN_MEMBER_ID';
  }

  private countProtocols(protocols: readonly JoinGroupProtocol[], delta: number): void {
    for (const { name } of protocols) {
      const next = (this.protocolCounts.get(name) ?? 0) + delta;
      if (next === 0) this.protocolCounts.delete(name);
      else this.protocolCounts.set(name, next);
    }
  }
}
