// Deep links to every entity, page and API. Names are percent-encoded as one path segment each: topics
// may contain dots, group ids anything (slashes, spaces, '%'), the default RabbitMQ vhost is '/'.

/** One path segment: percent-encoded, and never '.' or '..' (browsers would resolve those away). */
export function segment(name: string): string {
  if (/^\.+$/.test(name)) return name.replace(/\./g, '%2E');
  return encodeURIComponent(name);
}

/**
 * A route parameter as the page component receives it. Next.js 16 hands pages the segment still
 * percent-encoded (`e2e%20group%2Fa`) but generateMetadata the decoded value, so pages decode exactly once
 * here and metadata uses its value as it is. A malformed escape is kept as it is rather than thrown.
 */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export type TimeRange = '15m' | '1h' | '24h' | '7d';

/**
 * `<vhost>/<queue>` (how the audit and alerts name a RabbitMQ queue) back into its parts: `//orders` is
 * queue `orders` in the default vhost `/`; otherwise the vhost ends at the first slash (queue names may
 * hold slashes, vhosts other than `/` rarely do).
 */
export function splitQueueTarget(target: string): { vhost: string; queue: string } {
  if (target.startsWith('//')) return { vhost: '/', queue: target.slice(2) };
  const i = target.indexOf('/');
  if (i <= 0) return { vhost: '/', queue: i === 0 ? target.slice(1) : target };
  return { vhost: target.slice(0, i), queue: target.slice(i + 1) };
}

const cluster = (c: string) => `/clusters/${segment(c)}`;

/** Dashboard pages. */
export const pages = {
  overview: () => '/',
  cluster: (c: string) => cluster(c),
  group: (c: string, g: string) => `${cluster(c)}/groups/${segment(g)}`,
  topic: (c: string, t: string) => `${cluster(c)}/topics/${segment(t)}`,
  queue: (c: string, vhost: string, q: string) => `${cluster(c)}/queues/${segment(vhost)}/${segment(q)}`,
  audit: () => '/audit',
  alerts: () => '/alerts',
  jobs: () => '/jobs',
  job: (id: string) => `/jobs/${segment(id)}`,
};

function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const lag = (c: string) => `/api/lag/clusters/${segment(c)}`;
const ui = (c: string) => `/api/ui/clusters/${segment(c)}`;

/** JSON API addresses (the lag API of lib/api/lag*.ts and the dashboard's own /api/ui). */
export const api = {
  health: () => '/api/health',
  clusters: () => '/api/clusters',
  overview: (q: { limit?: number; behind?: boolean; cluster?: string } = {}) => withQuery('/api/lag', q),
  lagClusters: () => '/api/lag/clusters',
  lagCluster: (c: string) => lag(c),
  groups: (c: string, q: { limit?: number } = {}) => withQuery(`${lag(c)}/groups`, q),
  group: (c: string, g: string, range: TimeRange, points?: number) =>
    withQuery(`${lag(c)}/groups/${segment(g)}`, { range, points }),
  topics: (c: string) => `${lag(c)}/topics`,
  topic: (c: string, t: string) => `${lag(c)}/topics/${segment(t)}`,
  queues: (c: string, q: { limit?: number } = {}) => withQuery(`${lag(c)}/queues`, q),
  queue: (c: string, v: string, q: string, range: TimeRange, points?: number) =>
    withQuery(`${lag(c)}/queues/${segment(v)}/${segment(q)}`, { range, points }),
  inventory: () => '/api/ui/inventory',
  uiCluster: (c: string) => ui(c),
  uiTopic: (c: string, t: string) => `${ui(c)}/topics/${segment(t)}`,
  uiGroup: (c: string, g: string) => `${ui(c)}/groups/${segment(g)}`,
  uiQueue: (c: string, v: string, q: string) => `${ui(c)}/queues/${segment(v)}/${segment(q)}`,
  audit: (cluster?: string) => withQuery('/api/audit', { cluster, observeMs: 0 }),
  alerts: (q: { cluster?: string; kind?: 'group' | 'queue'; entity?: string; limit?: number } = {}) =>
    withQuery('/api/alerts', q),
  jobs: () => '/api/jobs',
  job: (id: string) => `/api/jobs/${segment(id)}`,
  demo: () => '/api/demo',
};
