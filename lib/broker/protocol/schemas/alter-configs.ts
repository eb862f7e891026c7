/** AlterConfigs (key 33), versions 0-1. */
import { array, bool, int8, int16, int32, string, struct } from '../schema';

export const alterConfigs = {
  request: struct({
    resources: array(
      struct({
        resourceType: int8(),
        resourceName: string(),
        configs: array(struct({ name: string(), value: string({ nullable: '0+' }) })),
      }),
    ),
    validateOnly: bool(),
  }),
  response: struct({
    throttleTimeMs: int32(),
    responses: array(
      struct({
        errorCode: int16(),
        errorMessage: string({ nullable: '0+' }),
        resourceType: int8(),
        resourceName: string(),
      }),
    ),
  }),
};
