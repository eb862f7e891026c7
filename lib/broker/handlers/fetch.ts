import type { PartitionLog } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { BrokerCore, Handler } from './context';
import { type FetchRequest, readOnce } from './fetch-read';

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
