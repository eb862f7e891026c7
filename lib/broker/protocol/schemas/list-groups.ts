/** ListGroups (key 16), versions 0-2 (the states filter arrives with flexible v4). */
import { array, int16, int32, string, struct } from '../schema';

export const listGroups = {
  request: struct({}),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16(),
    groups: array(struct({ groupId: string(), protocolType: string() })),
  }),
};
