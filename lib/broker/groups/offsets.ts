import { type ErrorName, errorCode } from '../errors';
import type { GroupContext } from './context';
import type { ClassicGroup } from './group';
import type { StoreRecord } from './records';
import type { GroupStore } from './store';
import type { OffsetCommitRequest, OffsetCommitResult, OffsetFetchRequest, OffsetFetchResult } from './types';

export interface OffsetContext extends GroupContext {
  readonly store: GroupStore;
  /** Partitions the broker does not host answer UNKNOWN_TOPIC_OR_PARTITION. */
  partitionExists(topic: string, partition: number): boolean;
}

/**
 * Kafka's offset commit validation: generation -1 commits (admin tools, consumers without group
 * management) are accepted into an Empty group only; anything carrying a generation, member id or
 * instance id must be a current member of the current generation; none while the sync phase runs.
 */
function validateOffsetCommit(
  group: ClassicGroup,
  generationId: number,
  memberId: string,
  instanceId: string | null,
): ErrorName | null {
  if (group.is('Dead')) return 'COORDINATOR_NOT_AVAILABLE';
  if (generationId < 0 && group.is('Empty')) return null;
  if (generationId >= 0 || memberId !== '' || instanceId !== null) {
    const error = group.validateMember(memberId, instanceId);
    if (error) return error;
    if (generationId !== group.generationId) return 'ILLEGAL_GENERATION';
  } else if (!group.is('Empty')) {
    return 'UNKNOWN_MEMBER_ID';
  }
  return group.is('CompletingRebalance') ? 'REBALANCE_IN_PROGRESS' : null;
}

/** OffsetCommit: resolves after the accepted offsets are durable (fsync'd when the store has a directory). */
export async function commitOffsets(
  ctx: OffsetContext,
  req: OffsetCommitRequest,
): Promise<OffsetCommitResult> {
  // As Kafka: partitions the broker does not host are answered first, the group checks apply to the rest.
  const unknownPartition = errorCode('UNKNOWN_TOPIC_OR_PARTITION');
  const codes = req.topics.map((t) =>
    t.partitions.map((p) => (ctx.partitionExists(t.name, p.partitionIndex) ? 0 : unknownPartition)),
  );
  const answer = (): OffsetCommitResult => ({
    topics: req.topics.map((t, i) => ({
      name: t.name,
      partitions: t.partitions.map((p, j) => ({
        partitionIndex: p.partitionIndex,
        errorCode: codes[i]?.[j] ?? 0,
      })),
    })),
  });
  const failAll = (name: ErrorName): OffsetCommitResult => {
    for (const row of codes) {
      for (let j = 0; j < row.length; j++) if (row[j] === 0) row[j] = errorCode(name);
    }
    return answer();
  };
  const generationId = req.generationIdOrMemberEpoch ?? -1;
  const memberId = req.memberId ?? '';
  let group = ctx.group(req.groupId);
  let created = false;
  if (!group) {
    // No group: only a commit without group management may create one (a simple group).
    if (generationId >= 0) return failAll('ILLEGAL_GENERATION');
    group = ctx.createGroup(req.groupId);
    created = true;
  }
  const error = validateOffsetCommit(group, generationId, memberId, req.groupInstanceId ?? null);
  if (error) return failAll(error);
  const member = group.members.get(memberId);
  if (member) ctx.engine.scheduleHeartbeat(group, memberId, member.sessionTimeoutMs);

  const now = ctx.engine.now();
  const retention = req.retentionTimeMs ?? -1;
  const expireTimestamp = retention >= 0 ? now + retention : null;
  const records: StoreRecord[] = [];
  const accepted: [number, number][] = [];
  req.topics.forEach((topic, i) => {
    topic.partitions.forEach((p, j) => {
      const row = codes[i] as number[];
      const metadata = p.committedMetadata ?? '';
      if (row[j] !== 0) return;
      if (metadata.length > ctx.config.offsetMetadataMaxBytes)
        row[j] = errorCode('OFFSET_METADATA_TOO_LARGE');
      else {
        records.push({
          type: 'offset',
          group: req.groupId,
          topic: topic.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          leaderEpoch: p.committedLeaderEpoch ?? -1,
          metadata,
          commitTimestamp: now,
          expireTimestamp,
        });
        accepted.push([i, j]);
      }
    });
  });
  try {
    await ctx.store.append(records);
  } catch {
    for (const [i, j] of accepted) (codes[i] as number[])[j] = errorCode('COORDINATOR_NOT_AVAILABLE');
  }
  if (created) ctx.discardIfUnused(group);
  return answer();
}

/** OffsetFetch: offsets regardless of group state; unknown partitions answer offset -1 and metadata ''. */
export function fetchOffsets(ctx: OffsetContext, req: OffsetFetchRequest): OffsetFetchResult {
  const { table } = ctx.store;
  if (req.topics === null) {
    const byTopic = new Map<string, OffsetFetchResult['topics'][number]['partitions'][number][]>();
    for (const o of table.offsetsOf(req.groupId)) {
      const partitions = byTopic.get(o.topic) ?? [];
      byTopic.set(o.topic, partitions);
      partitions.push({
        partitionIndex: o.partition,
        committedOffset: o.offset,
        committedLeaderEpoch: o.leaderEpoch,
        metadata: o.metadata,
        errorCode: 0,
      });
    }
    return { errorCode: 0, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
  }
  return {
    errorCode: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const o = table.offset(req.groupId, t.name, partitionIndex);
        return {
          partitionIndex,
          committedOffset: o?.offset ?? -1,
          committedLeaderEpoch: o?.leaderEpoch ?? -1,
          metadata: o?.metadata ?? '',
          errorCode: 0,
        };
      }),
    })),
  };
}
