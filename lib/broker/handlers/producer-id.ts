import { errorCode } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import type { Handler } from './context';

/**
 * InitProducerId 0–1 for idempotent producers: a fresh producer id with epoch 0. Transactional ids are
 * refused (this broker has no transaction coordinator) with INVALID_REQUEST, so such a producer fails fast.
 */
export const initProducerId: Handler<typeof ApiKey.InitProducerId> = async (req, { core }) => {
  if (req.transactionalId !== null) {
    core.log.warn('transactional producer refused: transactions are not supported', {
      transactionalId: req.transactionalId,
    });
    return { throttleTimeMs: 0, errorCode: errorCode('INVALID_REQUEST'), producerId: -1, producerEpoch: -1 };
  }
  const producerId = await core.nextProducerId();
  return { throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 0 };
};
