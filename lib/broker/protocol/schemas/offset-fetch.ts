/** OffsetFetch (key 9), versions 1-5. A null topic list (v2+) asks for every committed partition. */
import { array, int16, int32, int64, string, struct } from '../schema';

export const offsetFetch = {
  request: struct({
    groupId: string({ v: '0-7' }),
    topics: array(struct({ name: string({ v: '0-7' }), partitionIndexes: array(int32(), { v: '0-7' }) }), {
      v: '0-7',
      nullable: '2-7',
    }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '3+' }),
    topics: array(
      struct({
        name: string({ v: '0-7' }),
        partitions: array(
          struct({
            partitionIndex: int32({ v: '0-7' }),
            committedOffset: int64({ v: '0-7' }),
            committedLeaderEpoch: int32({ v: '5-7', default: -1 }),
            metadata: string({ v: '0-7', nullable: '0-7' }),
            errorCode: int16({ v: '0-7' }),
          }),
          { v: '0-7' },
        ),
      }),
      { v: '0-7' },
    ),
    errorCode: int16({ v: '2-7', default: 0 }),
  }),
};
