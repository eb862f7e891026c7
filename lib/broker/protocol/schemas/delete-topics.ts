/** DeleteTopics (key 20), versions 0-3. */
import { array, int16, int32, string, struct } from '../schema';

export const deleteTopics = {
  request: struct({
    topicNames: array(string(), { v: '0-5' }),
    timeoutMs: int32(),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    responses: array(struct({ name: string({ nullable: '6+' }), errorCode: int16() })),
  }),
};
