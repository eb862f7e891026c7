/**
 * Per-API request statistics from kafkajs' REQUEST instrumentation events: how many requests, their mean
 * round trip (client send to response) and mean response size. They explain a throughput figure: a closed
 * loop of `concurrency` sends moves `concurrency x batch` messages per Produce round trip.
 */
import type { Consumer, Producer, RequestEvent } from 'kafkajs';

export interface RequestStat {
  count: number;
  meanMs: number;
  meanBytes: number;
}

export type RequestStats = Record<string, RequestStat>;

/** Starts recording; call the returned function to stop and get the statistics. */
export function recordRequests(client: Producer | Consumer): () => RequestStats {
  const sums = new Map<string, { n: number; ms: number; bytes: number }>();
  const listener = (e: RequestEvent) => {
    const p = e.payload;
    const s = sums.get(p.apiName) ?? { n: 0, ms: 0, bytes: 0 };
    s.n++;
    s.ms += p.duration;
    s.bytes += p.size;
    sums.set(p.apiName, s);
  };
  const stop =
    'send' in client
      ? client.on(client.events.REQUEST, listener)
      : client.on(client.events.REQUEST, listener);
  return () => {
    stop();
    const out: RequestStats = {};
    for (const [api, s] of sums) out[api] = { count: s.n, meanMs: s.ms / s.n, meanBytes: s.bytes / s.n };
    return out;
  };
}

/** `Produce 10000 x 3.1 ms` style summary of the named APIs. */
export function describeRequests(stats: RequestStats | undefined, apis: string[]): string {
  if (stats === undefined) return '';
  return apis
    .flatMap((api) => {
      const s = stats[api];
      if (s === undefined) return [];
      const kib = s.meanBytes >= 10_240 ? `, ${(s.meanBytes / 1024).toFixed(0)} KiB each` : '';
      return [`${api} ${s.count} x ${s.meanMs.toFixed(1)} ms${kib}`];
    })
    .join(', ');
}
