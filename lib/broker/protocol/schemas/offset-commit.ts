/** OffsetCommit (key 8), versions 2-7 (v1's per-partition CommitTimestamp is not served). */
import { array, int16, int32, int64, string, struct } from '../schema';

export const offsetCommit = {
  request: struct({
    groupId: string(),
    generationIdOrMemberEpoch: int32({ v: '1+', default: -1 }),
    memberId: string({ v: '1+' }),
    groupInstanceId: string({ v: '7+', nullable: '7+', default: null }),
    retentionTimeMs: int64({ v: '2-4', default: -1 }),
    topics: array(
      struct({
        name: string(),
        partitions: array(
          struct({
            partitionIndex: int32(),
            committedOffset: int64(),
            committedLeaderEpoch: int32({ v: '6+', default: -1 }),
            committedMetadata: string({ nullable: '0+' }),
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '3+' }),
    topics: array(
      struct({
        name: string(),
        partitions: array(struct({ partitionIndex: int32(), errorCode: int16() })),
      }),
    ),
  }),
};
