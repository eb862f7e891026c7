import { errorCode } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import type { Handler } from './context';
import { codeFor } from './errors';

/** The only leader epoch this single node ever has: every batch is stamped with it and Metadata reports it. */
export const LEADER_EPOCH = 0;

/**
 * OffsetForLeaderEpoch 0–3, which clients use to validate their position after a leader change: epoch 0
 * ends at the log end offset; a newer epoch is unknown here; an older one cannot exist.
 */
export const offsetForLeaderEpoch: Handler<typeof ApiKey.OffsetForLeaderEpoch> = (req, { core }) => ({
  throttleTimeMs: 0,
  topics: req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => {
      try {
        const log = core.logs.partition(t.topic, p.partition);
        if (p.currentLeaderEpoch > LEADER_EPOCH) {
          return {
            errorCode: errorCode('UNKNOWN_LEADER_EPOCH'),
            partition: p.partition,
            leaderEpoch: -1,
            endOffset: -1,
          };
        }
        if (p.leaderEpoch > LEADER_EPOCH || p.leaderEpoch < 0) {
          return { errorCode: 0, partition: p.partition, leaderEpoch: -1, endOffset: -1 };
        }
        return {
          errorCode: 0,
          partition: p.partition,
          leaderEpoch: LEADER_EPOCH,
          endOffset: log.logEndOffset,
        };
      } catch (err) {
        return {
          errorCode: codeFor(err, core.log, { topic: t.topic, partition: p.partition }),
          partition: p.partition,
          leaderEpoch: -1,
          endOffset: -1,
        };
      }
    }),
  })),
});
