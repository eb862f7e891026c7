/** The read passes of Fetch: which batches of which partitions one answer carries (limits, KIP-74). */
import { errorCode } from '../errors';
import type { PartitionLog } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { RequestOf, ResponseInput } from '../protocol/codec';
import type { BrokerCore } from './context';
import { codeFor } from './errors';

export type FetchRequest = RequestOf<typeof ApiKey.Fetch>;
type FetchResponse = ResponseInput<typeof ApiKey.Fetch>;
type PartitionData = FetchResponse['responses'][number]['partitions'][number];

const EMPTY = Buffer.alloc(0);

export interface ReadPass {
  responses: FetchResponse['responses'];
  bytes: number;
  hasError: boolean;
}

type Requested = FetchRequest['topics'][number];
type RequestedPartition = Requested['partitions'][number];

interface PartitionRead {
  data: PartitionData;
  bytes: number;
  failed: boolean;
}

async function readPartition(
  core: BrokerCore,
  t: Requested,
  p: RequestedPartition,
  limit: number,
  minOneBatch: boolean,
): Promise<PartitionRead> {
  let log: PartitionLog | undefined;
  try {
    log = core.logs.partition(t.topic, p.partition);
    const read = await log.read(p.fetchOffset, Math.max(limit, 0), { minOneBatch });
    return {
      data: {
        partitionIndex: p.partition,
        errorCode: 0,
        highWatermark: read.highWatermark,
        lastStableOffset: read.lastStableOffset,
        logStartOffset: read.logStartOffset,
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: read.records,
      },
      bytes: read.records.length,
      failed: false,
    };
  } catch (err) {
    const code = codeFor(err, core.log, { topic: t.topic, partition: p.partition });
    return {
      data: {
        partitionIndex: p.partition,
        errorCode: code || errorCode('UNKNOWN_SERVER_ERROR'),
        highWatermark: log ? log.highWatermark : -1,
        lastStableOffset: log ? log.highWatermark : -1,
        logStartOffset: log ? log.logStartOffset : -1,
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: null,
      },
      bytes: 0,
      failed: true,
    };
  }
}

/**
 * One pass over the requested partitions: whole batches, at most `partitionMaxBytes` per partition and
 * `maxBytes` in total, except that the first batch of the first partition with data is always returned
 * (KIP-74), so a consumer can always make progress.
 */
export async function readOnce(req: FetchRequest, core: BrokerCore): Promise<ReadPass> {
  const budget = req.maxBytes > 0 ? req.maxBytes : 0x7fffffff;
  let wanted = 0;
  for (const t of req.topics) for (const p of t.partitions) wanted += p.partitionMaxBytes;
  return wanted <= budget ? readAll(req, core, budget) : readInTurn(req, core, budget);
}

/**
 * Every partition's limit fits the total budget (the usual case: kafkajs asks 1 MiB per partition within
 * 10 MiB): all reads start at once, so their disk reads overlap on the thread pool. The result is the one
 * readInTurn would give: only the first partition with data may exceed its limit (KIP-74). When that first
 * batch is so large that a later partition's limit no longer fits what is left of the budget, the answer is
 * the sequential pass's (rare: a batch above `partitionMaxBytes`).
 */
export async function readAll(req: FetchRequest, core: BrokerCore, budget: number): Promise<ReadPass> {
  const reads = await Promise.all(
    req.topics.map((t) =>
      Promise.all(t.partitions.map((p) => readPartition(core, t, p, p.partitionMaxBytes, true))),
    ),
  );
  let bytes = 0;
  let hasError = false;
  let sequentialDiffers = false;
  const responses = req.topics.map((t, i) => ({
    topic: t.topic,
    partitions: (reads[i] as PartitionRead[]).map((r, j) => {
      hasError ||= r.failed;
      const limit = (t.partitions[j] as RequestedPartition).partitionMaxBytes;
      if (bytes > 0 && r.bytes > limit) return { ...r.data, records: EMPTY };
      // In turn, this partition's limit would have been cut to what is left of the budget.
      if (bytes > 0 && r.bytes > budget - bytes) sequentialDiffers = true;
      bytes += r.bytes;
      return r.data;
    }),
  }));
  if (sequentialDiffers) return readInTurn(req, core, budget);
  return { responses, bytes, hasError };
}

export async function readInTurn(req: FetchRequest, core: BrokerCore, total: number): Promise<ReadPass> {
  let budget = total;
  let bytes = 0;
  let hasError = false;
  const responses: FetchResponse['responses'] = [];
  for (const t of req.topics) {
    const partitions: PartitionData[] = [];
    for (const p of t.partitions) {
      const limit = Math.min(p.partitionMaxBytes, budget);
      // A partition past the budget is still read (for nothing), so its errors are reported as Kafka does.
      const r = await readPartition(core, t, p, limit, bytes === 0);
      hasError ||= r.failed;
      bytes += r.bytes;
      budget -= r.bytes;
      partitions.push(r.data);
    }
    responses.push({ topic: t.topic, partitions });
  }
  return { responses, bytes, hasError };
}
