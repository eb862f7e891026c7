// Groups and queues as one list of backlogs for the overview's "worst backlogs" table. Pure.
import type { GroupView, QueueView } from '../api/lag-types';
import { isDemoName } from '../demo/types';
import type { Status } from '../lag/types';
import { pages } from './paths';

export type EtaState = 'empty' | 'draining' | 'not-draining' | 'unknown';

export interface BacklogRow {
  key: string;
  kind: 'group' | 'queue';
  cluster: string;
  /** Group id, or `<vhost>/<queue>` (the default vhost shown as just the queue name). */
  name: string;
  href: string;
  status: Status;
  /** Messages behind (Kafka lag, RabbitMQ ready + unacked). */
  backlog: number | null;
  /** Kafka time lag; RabbitMQ head-message age. */
  lagSeconds: number | null;
  etaSeconds: number | null;
  etaState: EtaState;
  inRate: number | null;
  outRate: number | null;
  demo: boolean;
}

export function groupRow(g: GroupView): BacklogRow {
  return {
    key: `g\u0000${g.cluster}\u0000${g.group}`,
    kind: 'group',
    cluster: g.cluster,
    name: g.group,
    href: pages.group(g.cluster, g.group),
    status: g.status,
    backlog: g.lag,
    lagSeconds: g.lagSeconds,
    etaSeconds: g.etaSeconds,
    etaState: g.etaState,
    inRate: g.inRate,
    outRate: g.outRate,
    demo: isDemoName(g.group) || g.topics.some(isDemoName),
  };
}

export function queueRow(q: QueueView): BacklogRow {
  return {
    key: `q\u0000${q.cluster}\u0000${q.vhost}\u0000${q.queue}`,
    kind: 'queue',
    cluster: q.cluster,
    name: q.vhost === '/' ? q.queue : `${q.vhost}/${q.queue}`,
    href: pages.queue(q.cluster, q.vhost, q.queue),
    status: q.status,
    backlog: q.messages,
    lagSeconds: q.lagSeconds,
    etaSeconds: q.etaSeconds,
    etaState: q.etaState,
    inRate: q.publishRate,
    outRate: q.ackRate,
    demo: isDemoName(q.queue),
  };
}

/**
 * Sort key of a time to drain: a backlog that is not draining ranks as the worst (it never ends),
 * caught up as 0, unknown last (null).
 */
export function etaRank(etaSeconds: number | null, state: EtaState): number | null {
  if (state === 'not-draining') return Number.MAX_SAFE_INTEGER;
  if (state === 'empty') return 0;
  return state === 'draining' ? etaSeconds : null;
}

/** Every backlog, worst first: the oldest (lag seconds), then the longest to drain, then the biggest. */
export function backlogRows(groups: readonly GroupView[], queues: readonly QueueView[]): BacklogRow[] {
  const rows = [...groups.map(groupRow), ...queues.map(queueRow)];
  const n = (v: number | null) => (v === null ? -1 : v);
  return rows.sort(
    (a, b) =>
      n(b.lagSeconds) - n(a.lagSeconds) ||
      n(etaRank(b.etaSeconds, b.etaState)) - n(etaRank(a.etaSeconds, a.etaState)) ||
      n(b.backlog) - n(a.backlog),
  );
}
