/** SaslHandshake (key 17), versions 0-1. */
import { array, int16, string, struct } from '../schema';

export const saslHandshake = {
  request: struct({ mechanism: string() }),
  response: struct({ errorCode: int16(), mechanisms: array(string()) }),
};
