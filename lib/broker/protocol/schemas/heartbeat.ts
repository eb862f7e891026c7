/** Heartbeat (key 12), versions 0-3. */
import { int16, int32, string, struct } from '../schema';

export const heartbeat = {
  request: struct({
    groupId: string(),
    generationId: int32(),
    memberId: string(),
    groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16(),
  }),
};
