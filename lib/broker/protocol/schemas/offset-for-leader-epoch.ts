/** OffsetForLeaderEpoch (key 23), versions 0-3. Not in kafkajs: fixtures are hand-built from the spec. */
import { array, int16, int32, int64, string, struct } from '../schema';

export const offsetForLeaderEpoch = {
  request: struct({
    replicaId: int32({ v: '3+', default: -2 }),
    topics: array(
      struct({
        topic: string(),
        partitions: array(
          struct({
            partition: int32(),
            currentLeaderEpoch: int32({ v: '2+', default: -1 }),
            leaderEpoch: int32(),
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '2+' }),
    topics: array(
      struct({
        topic: string(),
        partitions: array(
          struct({
            errorCode: int16(),
            partition: int32(),
            leaderEpoch: int32({ v: '1+', default: -1 }),
            endOffset: int64({ default: -1 }),
          }),
        ),
      }),
    ),
  }),
};
