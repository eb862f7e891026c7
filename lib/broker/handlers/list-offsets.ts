import { errorCode } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import type { Handler } from './context';
import { codeFor } from './errors';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

/** ListOffsets 1–5: latest (-1), earliest (-2), max timestamp (-3) and first offset at or after a timestamp. */
export const listOffsets: Handler<typeof ApiKey.ListOffsets> = async (req, { core }) => ({
  throttleTimeMs: 0,
  topics: await Promise.all(
    req.topics.map(async (t) => ({
      name: t.name,
      partitions: await Promise.all(
        t.partitions.map(async (p) => {
          const base = { partitionIndex: p.partitionIndex, leaderEpoch: 0 };
          try {
            const log = core.logs.partition(t.name, p.partitionIndex);
            if (p.timestamp === LATEST)
              return { ...base, errorCode: 0, timestamp: -1, offset: log.highWatermark };
            if (p.timestamp === EARLIEST)
              return { ...base, errorCode: 0, timestamp: -1, offset: log.logStartOffset };
            const found =
              p.timestamp === MAX_TIMESTAMP
                ? await log.maxTimestamp()
                : await log.offsetForTimestamp(p.timestamp);
            if (!found) return { ...base, errorCode: 0, timestamp: -1, offset: -1, leaderEpoch: -1 };
            return { ...base, errorCode: 0, timestamp: found.timestamp, offset: found.offset };
          } catch (err) {
            const code = codeFor(err, core.log, { topic: t.name, partition: p.partitionIndex });
            return {
              ...base,
              errorCode: code || errorCode('UNKNOWN_SERVER_ERROR'),
              timestamp: -1,
              offset: -1,
              leaderEpoch: -1,
            };
          }
        }),
      ),
    })),
  ),
});
