/**
 * Request and result shapes of the group APIs. Field names are the camelCase Kafka JSON names of the
 * protocol messages (as in lib/broker/protocol/schemas), so a decoded request body is passed as is and
 * a result spreads into a response body. Results are fresh objects with mutable arrays for that reason.
 * Blobs (protocol metadata, assignments) are opaque Buffers.
 */

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** What a handler knows about the request besides its body. */
export interface RequestContext {
  /** API version of the request (JoinGroup v4+ requires a known member id). */
  readonly apiVersion: number;
  /** `client.id` from the request header. */
  readonly clientId: string;
  /** Address of the client as Kafka shows it, e.g. `/127.0.0.1`. */
  readonly clientHost: string;
}

export interface JoinGroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinGroupRequest {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** v1+; absent or negative (v0) means "same as the session timeout", as Kafka does. */
  readonly rebalanceTimeoutMs?: number;
  /** '' for a member joining for the first time. */
  readonly memberId: string;
  /** v5+: static membership (KIP-345). */
  readonly groupInstanceId?: string | null;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
}

export interface JoinGroupResponseMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly metadata: Buffer;
}

export interface JoinGroupResult {
  readonly errorCode: number;
  /** -1 on error. */
  readonly generationId: number;
  /** Only on the wire in v7+. */
  readonly protocolType: string | null;
  /** '' when there is none (errors); the field is non-nullable in v0–6. */
  readonly protocolName: string;
  /** '' when there is none. */
  readonly leader: string;
  readonly memberId: string;
  /** The member list with each member's metadata for the selected protocol: non-empty for the leader only. */
  readonly members: JoinGroupResponseMember[];
}

export interface SyncGroupAssignment {
  readonly memberId: string;
  readonly assignment: Buffer;
}

export interface SyncGroupRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId?: string | null;
  /** v5+ consistency checks; absent/null skips them. */
  readonly protocolType?: string | null;
  readonly protocolName?: string | null;
  /** Only the leader sends assignments; followers send []. */
  readonly assignments: readonly SyncGroupAssignment[];
}

export interface SyncGroupResult {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export interface HeartbeatRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId?: string | null;
}

export interface HeartbeatResult {
  readonly errorCode: number;
}

export interface LeaveGroupMemberIdentity {
  readonly memberId: string;
  readonly groupInstanceId?: string | null;
}

export interface LeaveGroupRequest {
  readonly groupId: string;
  /** v0–2: the single leaving member. */
  readonly memberId?: string;
  /** v3+: a batch of members (by member id, or by group instance id with memberId ''). */
  readonly members?: readonly LeaveGroupMemberIdentity[];
}

export interface LeaveGroupResponseMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly errorCode: number;
}

export interface LeaveGroupResult {
  /**
   * Top-level error. For a v0–2 request it is the member's error when the top level is NONE, as Kafka
   * folds it; for v3+ member errors stay in `members`.
   */
  readonly errorCode: number;
  readonly members: LeaveGroupResponseMember[];
}

export interface OffsetCommitRequestPartition {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  /** v6+; -1 when unknown. */
  readonly committedLeaderEpoch?: number;
  readonly committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  readonly name: string;
  readonly partitions: readonly OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  readonly groupId: string;
  /** -1 (with memberId '') for commits that do not use group management, e.g. admin tools. */
  readonly generationIdOrMemberEpoch?: number;
  readonly memberId?: string;
  readonly groupInstanceId?: string | null;
  /** v2–4; -1 = broker retention. A value >= 0 sets an explicit expiry of commit time + retention. */
  readonly retentionTimeMs?: number;
  readonly topics: readonly OffsetCommitRequestTopic[];
}

export interface OffsetCommitResult {
  readonly topics: {
    readonly name: string;
    readonly partitions: { readonly partitionIndex: number; readonly errorCode: number }[];
  }[];
}

export interface OffsetFetchRequest {
  readonly groupId: string;
  /** null (v2+) = every partition the group has committed. */
  readonly topics: readonly { readonly name: string; readonly partitionIndexes: readonly number[] }[] | null;
}

export interface OffsetFetchResponsePartition {
  readonly partitionIndex: number;
  /** -1 when nothing is committed. */
  readonly committedOffset: number;
  /** -1 when unknown. */
  readonly committedLeaderEpoch: number;
  /** '' when nothing is committed. */
  readonly metadata: string;
  readonly errorCode: number;
}

export interface OffsetFetchResult {
  /** Top level (v2+); v1 handlers copy it onto partitions when it is not NONE. */
  readonly errorCode: number;
  readonly topics: {
    readonly name: string;
    readonly partitions: OffsetFetchResponsePartition[];
  }[];
}

export interface DescribedGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** Metadata for the group's protocol; empty unless the group is Stable (as Kafka). */
  readonly memberMetadata: Buffer;
  /** Empty unless the group is Stable. */
  readonly memberAssignment: Buffer;
}

export interface DescribedGroup {
  readonly errorCode: number;
  readonly groupId: string;
  readonly groupState: GroupState;
  readonly protocolType: string;
  /** The selected protocol; '' unless Stable. */
  readonly protocolData: string;
  readonly members: DescribedGroupMember[];
  readonly authorizedOperations: number;
}

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  readonly groupState: GroupState;
}

export interface ListGroupsResult {
  readonly errorCode: number;
  readonly groups: ListedGroup[];
}

export interface DeleteGroupsResult {
  readonly groupId: string;
  readonly errorCode: number;
}

/** One committed offset as the query API returns it. */
export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestamp: number;
  /** Explicit expiry from a v2–4 retention time, else null (broker retention applies). */
  readonly expireTimestamp: number | null;
}
