import type { JoinGroupProtocol, JoinGroupResult, SyncGroupResult } from './types';

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

export type JoinWaiter = (result: JoinGroupResult) => void;
export type SyncWaiter = (result: SyncGroupResult) => void;

export interface MemberInit {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
  readonly assignment?: Buffer;
}

/**
 * One member of a classic group. A member "awaits join" while a JoinGroup of it is parked until the
 * rebalance completes, and "awaits sync" while its SyncGroup waits for the leader's assignment. Several
 * parked requests (a client retrying on a new connection) are all answered with the same result.
 */
export class Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly protocolType: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: readonly JoinGroupProtocol[];
  assignment: Buffer;
  /** Joined but has not yet received a JoinGroup response (expires on the new-member timeout). */
  isNew = false;
  private joinWaiters: JoinWaiter[] = [];
  private syncWaiters: SyncWaiter[] = [];

  constructor(init: MemberInit) {
    this.memberId = init.memberId;
    this.groupInstanceId = init.groupInstanceId;
    this.clientId = init.clientId;
    this.clientHost = init.clientHost;
    this.protocolType = init.protocolType;
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs;
    this.sessionTimeoutMs = init.sessionTimeoutMs;
    this.protocols = init.protocols;
    this.assignment = init.assignment ?? EMPTY_BYTES;
  }

  get awaitingJoin(): boolean {
    return this.joinWaiters.length > 0;
  }

  get awaitingSync(): boolean {
    return this.syncWaiters.length > 0;
  }

  addJoinWaiter(waiter: JoinWaiter): void {
    this.joinWaiters.push(waiter);
  }

  addSyncWaiter(waiter: SyncWaiter): void {
    this.syncWaiters.push(waiter);
  }

  /** Answers every parked JoinGroup; false when none was parked. */
  completeJoin(result: JoinGroupResult): boolean {
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const waiter of waiters) waiter(result);
    return waiters.length > 0;
  }

  /** Answers every parked SyncGroup; false when none was parked. */
  completeSync(result: SyncGroupResult): boolean {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const waiter of waiters) waiter(result);
    return waiters.length > 0;
  }

  /** Same protocols, in the same order, with the same metadata. */
  matches(protocols: readonly JoinGroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => {
      const own = this.protocols[i];
      return own !== undefined && own.name === p.name && own.metadata.equals(p.metadata);
    });
  }

  metadataFor(protocolName: string): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY_BYTES;
  }

  /** The member's most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }
}
