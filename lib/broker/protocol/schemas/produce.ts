/** Produce (key 0), versions 3-8. Record sets stay opaque Buffers. */
import { array, int16, int32, int64, records, string, struct } from '../schema';

export const produce = {
  request: struct({
    transactionalId: string({ v: '3+', nullable: '3+', default: null }),
    acks: int16(),
    timeoutMs: int32(),
    topicData: array(
      struct({
        name: string(),
        partitionData: array(struct({ index: int32(), records: records({ nullable: '0+' }) })),
      }),
    ),
  }),
  response: struct({
    responses: array(
      struct({
        name: string(),
        partitionResponses: array(
          struct({
            index: int32(),
            errorCode: int16(),
            baseOffset: int64(),
            logAppendTimeMs: int64({ v: '2+', default: -1 }),
            logStartOffset: int64({ v: '5+', default: -1 }),
            recordErrors: array(
              struct({
                batchIndex: int32({ v: '8+' }),
                batchIndexErrorMessage: string({ v: '8+', nullable: '8+', default: null }),
              }),
              { v: '8+' },
            ),
            errorMessage: string({ v: '8+', nullable: '8+', default: null }),
          }),
        ),
      }),
    ),
    throttleTimeMs: int32({ v: '1+', default: 0 }),
  }),
};
