/** CreatePartitions (key 37), versions 0-1. */
import { array, bool, int16, int32, string, struct } from '../schema';

export const createPartitions = {
  request: struct({
    topics: array(
      struct({
        name: string(),
        count: int32(),
        assignments: array(struct({ brokerIds: array(int32()) }), { nullable: '0+' }),
      }),
    ),
    timeoutMs: int32(),
    validateOnly: bool(),
  }),
  response: struct({
    throttleTimeMs: int32(),
    results: array(
      struct({
        name: string(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+', default: null }),
      }),
    ),
  }),
};
