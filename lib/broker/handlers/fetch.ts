import { errorCode } from '../errors';
import type { PartitionLog } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { RequestOf, ResponseInput } from '../protocol/codec';
import type { BrokerCore, Handler } from './context';
import { codeFor } from './errors';

type FetchRequest = RequestOf<typeof ApiKey.Fetch>;
type FetchResponse = ResponseInput<typeof ApiKey.Fetch>;
type PartitionData = FetchResponse['responses'][number]['partitions'][number];

const EMPTY = Buffer.alloc(0);

interface ReadPass {
  responses: FetchResponse['responses'];
  bytes: number;
  hasError: boolean;
}

/**
 * One pass over the requested partitions: whole batches, at most `partitionMaxBytes` per partition and
 * `maxBytes` in total, except that the first batch of the first partition with data is always returned
 * (KIP-74), so a consumer can always make progress.
 */
async function readOnce(req: FetchRequest, core: BrokerCore): Promise<ReadPass> {
  let budget = req.maxBytes > 0 ? req.maxBytes : 0x7fffffff;
  let bytes = 0;
  let hasError = false;
  const responses: FetchResponse['responses'] = [];
  for (const t of req.topics) {
    const partitions: PartitionData[] = [];
    for (const p of t.partitions) {
      let log: PartitionLog | undefined;
      try {
        log = core.logs.partition(t.topic, p.partition);
        const limit = Math.min(p.partitionMaxBytes, budget);
        if (limit <= 0 && bytes > 0) {
          partitions.push(ok(p.partition, log, EMPTY));
          continue;
        }
        const read = await log.read(p.fetchOffset, Math.max(limit, 0), { minOneBatch: bytes === 0 });
        bytes += read.records.length;
        budget -= read.records.length;
        partitions.push({
          partitionIndex: p.partition,
          errorCode: 0,
          highWatermark: read.highWatermark,
          lastStableOffset: read.lastStableOffset,
          logStartOffset: read.logStartOffset,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: read.records,
        });
      } catch (err) {
        hasError = true;
        const code = codeFor(err, core.log, { topic: t.topic, partition: p.partition });
        partitions.push({
          partitionIndex: p.partition,
          errorCode: code || errorCode('UNKNOWN_SERVER_ERROR'),
          highWatermark: log ? log.highWatermark : -1,
          lastStableOffset: log ? log.highWatermark : -1,
          logStartOffset: log ? log.logStartOffset : -1,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: null,
        });
      }
    }
    responses.push({ topic: t.topic, partitions });
  }
  return { responses, bytes, hasError };
}

function ok(partition: number, log: PartitionLog, records: Buffer): PartitionData {
  return {
    partitionIndex: partition,
    errorCode: 0,
    highWatermark: log.highWatermark,
    lastStableOffset: log.highWatermark,
    logStartOffset: log.logStartOffset,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records,
  };
}

/** Resolves when any of the partitions gets new data, after `ms`, or when the broker shuts down. */
function waitForAny(logs: PartitionLog[], ms: number, shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe: (() => void)[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      for (const u of unsubscribe) u();
      shutdown.removeEventListener('abort', done);
      resolve();
    };
    if (shutdown.aborted) return resolve();
    for (const log of logs) unsubscribe.push(log.onData(done));
    shutdown.addEventListener('abort', done, { once: true });
    timer = setTimeout(done, ms);
  });
}

function requestedLogs(req: FetchRequest, core: BrokerCore): PartitionLog[] {
  const out: PartitionLog[] = [];
  for (const t of req.topics) {
    for (const p of t.partitions) {
      try {
        out.push(core.logs.partition(t.topic, p.partition));
      } catch {
        // unknown partitions were answered with an error already
      }
    }
  }
  return out;
}

/**
 * Fetch 4–11 without fetch sessions (session id 0: clients fall back to full fetches). Serves stored
 * bytes as they are, honours max wait / min bytes by waiting on the logs' data events rather than polling,
 * and answers at once on any partition error. Last stable offset = high watermark (no transactions).
 */
export const fetch: Handler<typeof ApiKey.Fetch> = async (req, { core }) => {
  const deadline = Date.now() + Math.max(0, req.maxWaitMs);
  let pass = await readOnce(req, core);
  while (pass.bytes < req.minBytes && !pass.hasError && !core.shutdown.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await waitForAny(requestedLogs(req, core), remaining, core.shutdown);
    pass = await readOnce(req, core);
  }
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: pass.responses };
};
