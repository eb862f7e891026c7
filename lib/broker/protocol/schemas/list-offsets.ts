/** ListOffsets (key 2), versions 1-5 (v0's MaxNumOffsets / OldStyleOffsets are not served). */
import { array, int8, int16, int32, int64, string, struct } from '../schema';

export const listOffsets = {
  request: struct({
    replicaId: int32(),
    isolationLevel: int8({ v: '2+' }),
    topics: array(
      struct({
        name: string(),
        partitions: array(
          struct({
            partitionIndex: int32(),
            currentLeaderEpoch: int32({ v: '4+', default: -1 }),
            timestamp: int64(),
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '2+' }),
    topics: array(
      struct({
        name: string(),
        partitions: array(
          struct({
            partitionIndex: int32(),
            errorCode: int16(),
            timestamp: int64({ v: '1+', default: -1 }),
            offset: int64({ v: '1+', default: -1 }),
            leaderEpoch: int32({ v: '4+', default: -1 }),
          }),
        ),
      }),
    ),
  }),
};
