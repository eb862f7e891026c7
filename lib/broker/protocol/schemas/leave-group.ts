/** LeaveGroup (key 13), versions 0-3 (v3 moves to a batch of members). */
import { array, int16, int32, string, struct } from '../schema';

export const leaveGroup = {
  request: struct({
    groupId: string(),
    memberId: string({ v: '0-2' }),
    members: array(
      struct({
        memberId: string({ v: '3+' }),
        groupInstanceId: string({ v: '3+', nullable: '3+', default: null }),
      }),
      { v: '3+' },
    ),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16(),
    members: array(
      struct({
        memberId: string({ v: '3+' }),
        groupInstanceId: string({ v: '3+', nullable: '3+' }),
        errorCode: int16({ v: '3+' }),
      }),
      { v: '3+' },
    ),
  }),
};
