/** DescribeGroups (key 15), versions 0-4. */
import { array, bool, bytes, int16, int32, string, struct } from '../schema';

export const describeGroups = {
  request: struct({
    groups: array(string()),
    includeAuthorizedOperations: bool({ v: '3+' }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    groups: array(
      struct({
        errorCode: int16(),
        groupId: string(),
        groupState: string(),
        protocolType: string(),
        protocolData: string(),
        members: array(
          struct({
            memberId: string(),
            groupInstanceId: string({ v: '4+', nullable: '4+', default: null }),
            clientId: string(),
            clientHost: string(),
            memberMetadata: bytes(),
            memberAssignment: bytes(),
          }),
        ),
        authorizedOperations: int32({ v: '3+', default: -2147483648 }),
      }),
    ),
  }),
};
