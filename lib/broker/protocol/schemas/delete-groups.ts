/** DeleteGroups (key 42), versions 0-1. */
import { array, int16, int32, string, struct } from '../schema';

export const deleteGroups = {
  request: struct({
    groupsNames: array(string()),
  }),
  response: struct({
    throttleTimeMs: int32(),
    results: array(struct({ groupId: string(), errorCode: int16() })),
  }),
};
