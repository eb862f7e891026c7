/** SyncGroup (key 14), versions 0-3. */
import { array, bytes, int16, int32, string, struct } from '../schema';

export const syncGroup = {
  request: struct({
    groupId: string(),
    generationId: int32(),
    memberId: string(),
    groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
    assignments: array(struct({ memberId: string(), assignment: bytes() })),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16(),
    assignment: bytes(),
  }),
};
