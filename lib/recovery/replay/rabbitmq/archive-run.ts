// `spillway replay archive`: run one Archiver in the CLI process until the archive queue is empty (or until
// Ctrl-C with follow).
import type { RabbitmqClusterConfig } from '../../../config';
import type { Store } from '../../../store';
import { ReplayError } from '../errors';
import { Archiver } from './archiver';
import { archiveQueueOf, Rabbit } from './mgmt';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function archiveUntilEmpty(o: {
  cluster: RabbitmqClusterConfig;
  vhost: string;
  queue: string;
  store: Store;
  follow: boolean;
  signal?: AbortSignal;
}): Promise<number> {
  const archiver = new Archiver({ cluster: o.cluster, vhost: o.vhost, queue: o.queue, store: o.store });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  o.signal?.addEventListener('abort', onSignal, { once: true });
  const r = new Rabbit(o.cluster);
  const conn = await r.amqp(o.vhost);
  try {
    const probe = await conn.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.checkQueue(archiveQueueOf(o.queue));
    } catch {
      throw new ReplayError(
        `queue "${o.queue}" has no archive queue ${archiveQueueOf(o.queue)}: run replay capture first`,
        'not-found',
      );
    }
    await archiver.start();
    let emptyRounds = 0;
    while (!stop.signal.aborted) {
      if (archiver.closed !== null)
        throw new ReplayError(`archive consumer stopped: ${archiver.closed}`, 'unavailable');
      await sleep(200);
      if (o.follow) continue;
      // Empty = nothing ready and nothing delivered-but-unstored, twice in a row.
      const ok = await probe.checkQueue(archiveQueueOf(o.queue));
      emptyRounds = ok.messageCount === 0 && archiver.buffered === 0 ? emptyRounds + 1 : 0;
      if (emptyRounds >= 2) break;
    }
    return archiver.count;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await archiver.stop();
    await conn.close().catch(() => undefined);
  }
}
