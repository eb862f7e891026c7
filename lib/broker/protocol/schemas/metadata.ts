/**
 * Metadata (key 3), versions 0-8. Topics: in v0 an empty list means every topic; from v1 a null list means
 * every topic and an empty list means none.
 */
import { array, bool, int16, int32, string, struct } from '../schema';

export const metadata = {
  request: struct({
    topics: array(struct({ name: string({ nullable: '10+' }) }), { nullable: '1+' }),
    allowAutoTopicCreation: bool({ v: '4+', default: true }),
    includeClusterAuthorizedOperations: bool({ v: '8-10' }),
    includeTopicAuthorizedOperations: bool({ v: '8+' }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '3+' }),
    brokers: array(
      struct({
        nodeId: int32(),
        host: string(),
        port: int32(),
        rack: string({ v: '1+', nullable: '1+', default: null }),
      }),
    ),
    clusterId: string({ v: '2+', nullable: '2+', default: null }),
    controllerId: int32({ v: '1+', default: -1 }),
    topics: array(
      struct({
        errorCode: int16(),
        name: string({ nullable: '12+' }),
        isInternal: bool({ v: '1+', default: false }),
        partitions: array(
          struct({
            errorCode: int16(),
            partitionIndex: int32(),
            leaderId: int32(),
            leaderEpoch: int32({ v: '7+', default: -1 }),
            replicaNodes: array(int32()),
            isrNodes: array(int32()),
            offlineReplicas: array(int32(), { v: '5+' }),
          }),
        ),
        topicAuthorizedOperations: int32({ v: '8+', default: -2147483648 }),
      }),
    ),
    clusterAuthorizedOperations: int32({ v: '8-10', default: -2147483648 }),
  }),
};
