/**
 * Fetch (key 1), versions 4-11. Record sets stay opaque Buffers (never copied on encode when large).
 * abortedTransactions defaults to null (-1 on the wire, as Kafka answers read_uncommitted fetches).
 */
import { array, int8, int16, int32, int64, records, string, struct } from '../schema';

export const fetch = {
  request: struct({
    replicaId: int32({ v: '0-14', default: -1 }),
    maxWaitMs: int32(),
    minBytes: int32(),
    maxBytes: int32({ v: '3+', default: 0x7fffffff }),
    isolationLevel: int8({ v: '4+', default: 0 }),
    sessionId: int32({ v: '7+', default: 0 }),
    sessionEpoch: int32({ v: '7+', default: -1 }),
    topics: array(
      struct({
        topic: string({ v: '0-12' }),
        partitions: array(
          struct({
            partition: int32(),
            currentLeaderEpoch: int32({ v: '9+', default: -1 }),
            fetchOffset: int64(),
            logStartOffset: int64({ v: '5+', default: -1 }),
            partitionMaxBytes: int32(),
          }),
        ),
      }),
    ),
    forgottenTopicsData: array(struct({ topic: string({ v: '7-12' }), partitions: array(int32()) }), {
      v: '7+',
    }),
    rackId: string({ v: '11+', default: '' }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16({ v: '7+' }),
    sessionId: int32({ v: '7+', default: 0 }),
    responses: array(
      struct({
        topic: string({ v: '0-12' }),
        partitions: array(
          struct({
            partitionIndex: int32(),
            errorCode: int16(),
            highWatermark: int64(),
            lastStableOffset: int64({ v: '4+', default: -1 }),
            logStartOffset: int64({ v: '5+', default: -1 }),
            abortedTransactions: array(struct({ producerId: int64(), firstOffset: int64() }), {
              v: '4+',
              nullable: '4+',
              default: null,
            }),
            preferredReadReplica: int32({ v: '11+', default: -1 }),
            records: records({ nullable: '0+' }),
          }),
        ),
      }),
    ),
  }),
};
