/** JoinGroup (key 11), versions 0-5. */
import { array, bytes, int16, int32, string, struct } from '../schema';

export const joinGroup = {
  request: struct({
    groupId: string(),
    sessionTimeoutMs: int32(),
    rebalanceTimeoutMs: int32({ v: '1+', default: -1 }),
    memberId: string(),
    groupInstanceId: string({ v: '5+', nullable: '5+', default: null }),
    protocolType: string(),
    protocols: array(struct({ name: string(), metadata: bytes() })),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '2+' }),
    errorCode: int16(),
    generationId: int32({ default: -1 }),
    protocolName: string({ nullable: '7+' }),
    leader: string(),
    memberId: string(),
    members: array(
      struct({
        memberId: string(),
        groupInstanceId: string({ v: '5+', nullable: '5+', default: null }),
        metadata: bytes(),
      }),
    ),
  }),
};
