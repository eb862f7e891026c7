/** InitProducerId (key 22), versions 0-1. */
import { int16, int32, int64, string, struct } from '../schema';

export const initProducerId = {
  request: struct({
    transactionalId: string({ nullable: '0+' }),
    transactionTimeoutMs: int32(),
  }),
  response: struct({
    throttleTimeMs: int32(),
    errorCode: int16(),
    producerId: int64({ default: -1 }),
    producerEpoch: int16(),
  }),
};
