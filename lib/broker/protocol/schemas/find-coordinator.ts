/** FindCoordinator (key 10), versions 0-2. */
import { int8, int16, int32, string, struct } from '../schema';

export const findCoordinator = {
  request: struct({
    key: string({ v: '0-3' }),
    keyType: int8({ v: '1+', default: 0 }),
  }),
  response: struct({
    throttleTimeMs: int32({ v: '1+' }),
    errorCode: int16({ v: '0-3' }),
    errorMessage: string({ v: '1-3', nullable: '1-3' }),
    nodeId: int32({ v: '0-3' }),
    host: string({ v: '0-3' }),
    port: int32({ v: '0-3' }),
  }),
};
