/** CreateTopics (key 19), versions 0-4. */
import { array, bool, int16, int32, string, struct } from '../schema';

export const createTopics = {
  request: struct({
    topics: array(
      struct({
        name: string(),
        numPartitions: int32(),
        replicationFactor: int16(),
        assignments: array(struct({ partitionIndex: int32(), brokerIds: array(int32()) })),
        configs: array(struct({ name: string(), value: string({ nullable: '0+' }) })),
      }),
    ),
    timeoutMs: int32({ default: 60000 }),
    validateOnly: bool({ v: '1+', default: false }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '2+' }),
    topics: array(
      struct({
        name: string(),
        errorCode: int16(),
        errorMessage: string({ v: '1+', nullable: '0+' }),
      }),
    ),
  }),
};
