// The recovery jobs' queries and mutations, defined once: hierarchical keys under ['jobs'] so that one
// invalidation after an action refreshes the list and every detail; named poll intervals.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, getJson, getJsonOr, sendJson } from './http';
import type {
  AuditEntryView,
  DrainPlanResponse,
  DrainRequest,
  JobDetailResponse,
  JobState,
  JobSummary,
  JobsResponse,
} from './jobs-types';
import { segment } from './paths';
import { retryTransient } from './queries';

/** How live the jobs pages are. */
export const JOB_POLL = {
  /** A job being watched while it runs: progress bar, rate, charts (one stored sample a second). */
  active: 1_000,
  /** A finished job, or the list. */
  idle: 10_000,
  list: 3_000,
  audit: 5_000,
} as const;

const ACTIVE: ReadonlySet<JobState> = new Set(['planned', 'running', 'paused', 'restoring']);

export interface JobsFilter {
  state?: JobState | 'active';
  kind?: string;
}

function withQuery(path: string, q: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** JSON API addresses of the jobs and drain routes. */
export const jobsApi = {
  jobs: () => '/api/jobs',
  job: (id: string) => `/api/jobs/${segment(id)}`,
  action: (id: string, action: 'pause' | 'resume' | 'cancel' | 'restore' | 'rate') =>
    `/api/jobs/${segment(id)}/${action}`,
  drainPlan: () => '/api/drain/plan',
  drain: () => '/api/drain',
  audit: (jobId: string) => withQuery('/api/audit-log', { target: jobId, limit: '200' }),
};

export const jobQueries = {
  /** Every job, newest first; the filter is applied on the page (the list is small). */
  list: () =>
    queryOptions({
      queryKey: ['jobs', 'list'] as const,
      queryFn: ({ signal }) => getJsonOr<JobsResponse>(jobsApi.jobs(), { jobs: [] }, signal),
      refetchInterval: JOB_POLL.list,
      retry: retryTransient,
    }),
  /** One job; null when there is no such job. Polls every second while it is active. */
  detail: (id: string) =>
    queryOptions({
      queryKey: ['jobs', 'detail', id] as const,
      queryFn: ({ signal }) => getJsonOr<JobDetailResponse | null>(jobsApi.job(id), null, signal),
      refetchInterval: (q) => {
        const state = q.state.data?.job.state;
        return state && ACTIVE.has(state) ? JOB_POLL.active : JOB_POLL.idle;
      },
      retry: retryTransient,
    }),
  /** The job's audit entries; `denied` when the signed-in role may not read the audit log. */
  audit: (id: string) =>
    queryOptions({
      queryKey: ['jobs', 'audit', id] as const,
      queryFn: async ({ signal }): Promise<{ entries: AuditEntryView[] } | { denied: string }> => {
        try {
          return await getJson<{ entries: AuditEntryView[] }>(jobsApi.audit(id), signal);
        } catch (err) {
          if (err instanceof ApiError && (err.status === 403 || err.status === 404))
            return { denied: err.message };
          throw err;
        }
      },
      refetchInterval: JOB_POLL.audit,
      retry: retryTransient,
    }),
};

/** Filters the list the way the page's selects ask. */
export function filterJobs(jobs: readonly JobSummary[], f: JobsFilter): JobSummary[] {
  return jobs.filter(
    (j) =>
      (!f.kind || j.kind === f.kind) &&
      (!f.state || (f.state === 'active' ? ACTIVE.has(j.state) : j.state === f.state)),
  );
}

/** The job a start or a control answered with (`{ job }` or the job itself). */
function jobOf(res: { job?: JobSummary } | JobSummary): JobSummary {
  return 'job' in res && res.job ? res.job : (res as JobSummary);
}

export const jobActions = {
  plan: (body: DrainRequest) => sendJson<DrainPlanResponse>(jobsApi.drainPlan(), 'POST', body),
  start: async (body: DrainRequest) =>
    jobOf(await sendJson<{ job?: JobSummary } | JobSummary>(jobsApi.drain(), 'POST', body)),
  control: async (id: string, action: 'pause' | 'resume' | 'cancel' | 'restore') =>
    jobOf(await sendJson<{ job?: JobSummary } | JobSummary>(jobsApi.action(id, action), 'POST', {})),
  rate: async (id: string, rate: number | null) =>
    jobOf(await sendJson<{ job?: JobSummary } | JobSummary>(jobsApi.action(id, 'rate'), 'POST', { rate })),
};

/** What the drain wizard works on: a Kafka consumer group or a RabbitMQ queue. */
export type DrainWizardSource =
  | { kind: 'kafka'; cluster: string; group: string }
  | { kind: 'rabbitmq'; cluster: string; vhost: string; queue: string };

/** The wizard's address: /jobs/drain?cluster=C&group=G or ?cluster=C&vhost=V&queue=Q, &job=<id> once started. */
export function drainPage(source: DrainWizardSource, jobId?: string): string {
  const q = new URLSearchParams({ cluster: source.cluster });
  if (source.kind === 'kafka') q.set('group', source.group);
  else {
    q.set('vhost', source.vhost);
    q.set('queue', source.queue);
  }
  if (jobId) q.set('job', jobId);
  return `/jobs/drain?${q.toString()}`;
}

const name = z.string().min(1).max(1000);
const drainQuery = z.object({
  cluster: name,
  group: name.optional(),
  vhost: name.optional(),
  queue: name.optional(),
  job: z
    .string()
    .regex(/^[\w.-]{1,100}$/)
    .optional(),
});

/** The wizard's search parameters; null when they name neither a group nor a queue. */
export function drainSourceFromQuery(
  raw: Record<string, string | string[] | undefined>,
): { source: DrainWizardSource; jobId: string | null } | null {
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = drainQuery.safeParse(first);
  if (!parsed.success) return null;
  const { cluster, group, vhost, queue, job } = parsed.data;
  const jobId = job ?? null;
  if (queue && !group) return { source: { kind: 'rabbitmq', cluster, vhost: vhost ?? '/', queue }, jobId };
  if (group && !queue) return { source: { kind: 'kafka', cluster, group }, jobId };
  return null;
}

/**
 * The jobs working on a group or queue, from their source keys (lib/recovery: `kafka:<cluster>/<topic>/<group>`,
 * `rabbitmq:<cluster>/<vhost>/<queue>`; topics never hold a slash, groups and vhosts may).
 */
export function jobsForSource(
  jobs: readonly JobSummary[],
  source:
    | { kind: 'group'; cluster: string; group: string }
    | { kind: 'queue'; cluster: string; vhost: string; queue: string },
): JobSummary[] {
  return jobs.filter((j) => {
    if (source.kind === 'queue')
      return j.sourceKey === `rabbitmq:${source.cluster}/${source.vhost}/${source.queue}`;
    const prefix = `kafka:${source.cluster}/`;
    if (!j.sourceKey.startsWith(prefix)) return false;
    const rest = j.sourceKey.slice(prefix.length);
    const slash = rest.indexOf('/');
    return slash > 0 && rest.slice(slash + 1) === source.group;
  });
}
