// /api/jobs and /api/drain: recovery jobs over HTTP. Route handlers in app/api stay thin; bodies are
// validated with zod (unknown fields rejected); every action is audited with the request's actor. The
// request gate (lib/auth) already decided whether the actor may do this.
import { z } from 'zod';
import { type Actor, actorOf } from '../auth/actor';
import { formatPath } from '../config';
import { getGroup } from '../lag/sampler/queries';
import { currentLagSampler } from '../lag/sampler/registry';
import '../recovery/kinds';
import {
  type DrainInput,
  drainFrontFor,
  drainFrontOfKind,
  isDrainKind,
  pickCluster,
} from '../recovery/drain/fronts';
import { drainLive, drainProjection, drainStatus } from '../recovery/drain/status';
import { controlJob, setJobRate } from '../recovery/jobs/control';
import { configEnv } from '../recovery/jobs/env';
import { jobProgress } from '../recovery/jobs/progress';
import { currentJobRunner } from '../recovery/jobs/service';
import { type JobEnv, JobError } from '../recovery/jobs/types';
import { getRuntime } from '../runtime/context';
import { SourceError } from '../sources';
import { JobConflictError, type JobRecord, type Store } from '../store';
import type { ApiResult } from './alerts';

export const JOB_ID = z.string().regex(/^j-[a-z0-9]{4,32}$/, 'not a job id');
const rate = z.number().positive().max(1_000_000).nullable();

export const drainBody = z.union([
  z.strictObject({
    cluster: z.string().min(1).optional(),
    topic: z.string().min(1).max(249),
    group: z.string().min(1).max(1000),
    factor: z.number().int().min(2).max(100).default(10),
    force: z.boolean().default(false),
    rateLimit: rate.default(null),
  }),
  z.strictObject({
    cluster: z.string().min(1).optional(),
    vhost: z.string().min(1).default('/'),
    queue: z.string().min(1).max(255),
    key: z.string().min(1),
    factor: z.number().int().min(2).max(100).default(10),
    force: z.boolean().default(false),
    rateLimit: rate.default(null),
  }),
]);
export const controlBody = z.strictObject({ rate: rate.optional() });
export const rateBody = z.strictObject({ rate });

export interface JobSummaryJson {
  id: string;
  kind: string;
  state: string;
  desiredState: string;
  cluster: string;
  target: string;
  sourceKey: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  rateLimit: number | null;
  error: string | null;
  progress: ReturnType<typeof jobProgress>;
}

const fail = (status: number, error: string): ApiResult<never> => ({ ok: false, status, body: { error } });
const anonymous: Actor = { name: 'anonymous', role: 'viewer', via: 'session' };

function env(): JobEnv {
  return currentJobRunner()?.env ?? configEnv(getRuntime().config);
}

/** One job as GET /api/jobs lists it; `spillway jobs list --json` prints the same objects. */
export function jobSummary(store: Store, job: JobRecord): JobSummaryJson {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    desiredState: job.desiredState,
    cluster: job.cluster,
    target: job.target,
    sourceKey: job.sourceKey,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    rateLimit: job.rateLimit,
    error: job.error,
    progress: jobProgress(store, job),
  };
}

function summary(job: JobRecord): JobSummaryJson {
  return jobSummary(getRuntime().store, job);
}

/** Maps job and source errors to a status with their one-line reason. */
function asResult(err: unknown): ApiResult<never> {
  if (err instanceof JobError) return fail(err.status, err.message);
  if (err instanceof JobConflictError) return fail(409, err.message);
  if (err instanceof SourceError) return fail(err.name === 'SourceNotFoundError' ? 404 : 503, err.message);
  throw err;
}

async function parseJson(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; result: ApiResult<never> }> {
  const text = await request.text();
  if (text.trim() === '') return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, result: fail(400, 'the body is not valid JSON') };
  }
}

function invalid(error: z.ZodError): ApiResult<never> {
  return {
    ok: false,
    status: 400,
    body: {
      error: 'invalid request body',
      issues: error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    },
  };
}

export function listJobs(params: URLSearchParams): ApiResult<{ jobs: JobSummaryJson[] }> {
  const active = params.get('active') === 'true';
  const kind = params.get('kind') ?? undefined;
  const jobs = getRuntime().store.jobs.list({ active, ...(kind ? { kind } : {}), limit: 500 });
  return { ok: true, body: { jobs: jobs.map(summary) } };
}

export async function jobDetail(id: string): Promise<ApiResult<Record<string, unknown>>> {
  if (!JOB_ID.safeParse(id).success) return fail(404, `no job ${id}`);
  const store = getRuntime().store;
  const job = store.jobs.get(id);
  if (!job) return fail(404, `no job ${id}`);
  const live = await drainLive(job, env());
  let drain: Record<string, unknown> | null = null;
  if (isDrainKind(job.kind)) {
    const status = drainStatus(store, job, live);
    // The workers' consume rate: from the dashboard's own readings of the temp lag, or (before it has
    // two) from the lag sampler when it watches the temp group.
    const tempGroup = (job.plan as { tempGroup?: unknown }).tempGroup;
    const sampler = currentLagSampler();
    const sampled =
      sampler && typeof tempGroup === 'string'
        ? (getGroup(sampler, job.cluster, tempGroup)?.group.outRate ?? null)
        : null;
    drain = { ...status, ...drainProjection(job, live, status.etaSeconds, { fallbackRate: sampled }) };
  }
  return {
    ok: true,
    body: {
      job: summary(job),
      plan: job.plan,
      checkpoint: job.checkpoint,
      samples: store.jobs.samples(id, Date.now() - 3600_000),
      drain,
      live: live.extra,
      liveError: live.error,
    },
  };
}

async function drainInput(
  request: Request,
): Promise<{ ok: true; input: DrainInput } | { ok: false; result: ApiResult<never> }> {
  const raw = await parseJson(request);
  if (!raw.ok) return raw;
  const parsed = drainBody.safeParse(raw.body);
  if (!parsed.success) return { ok: false, result: invalid(parsed.error) };
  return { ok: true, input: parsed.data };
}

/** The group's consume rate from the sampler, when this process samples it. */
function consumeRate(cluster: string, input: DrainInput): number | null {
  if (!input.group) return null;
  const sampler = currentLagSampler();
  const rate = sampler ? getGroup(sampler, cluster, input.group)?.group.outRate : null;
  return typeof rate === 'number' && rate > 0 ? rate : null;
}

export async function drainPlan(request: Request): Promise<ApiResult<unknown>> {
  const parsed = await drainInput(request);
  if (!parsed.ok) return parsed.result;
  try {
    const front = drainFrontFor(parsed.input);
    const cluster = pickCluster(getRuntime().config.clusters, front, parsed.input.cluster);
    const input = { ...parsed.input, consumeRate: consumeRate(cluster, parsed.input) };
    return { ok: true, body: await front.plan(env(), cluster, input) };
  } catch (err) {
    return asResult(err);
  }
}

/** Creates the job (temp topic/queues included) and hands it to the server's runner. */
export async function drainStart(request: Request): Promise<ApiResult<{ job: JobSummaryJson }>> {
  const parsed = await drainInput(request);
  if (!parsed.ok) return parsed.result;
  const runner = currentJobRunner();
  if (!runner)
    return fail(503, 'the job runner is not running in this process (start Spillway with `spillway start`)');
  try {
    const front = drainFrontFor(parsed.input);
    const rt = getRuntime();
    const cluster = pickCluster(rt.config.clusters, front, parsed.input.cluster);
    const input = { ...parsed.input, consumeRate: consumeRate(cluster, parsed.input) };
    const job = await front.create(rt.store, env(), cluster, input, actorOf(request) ?? anonymous, 'server');
    runner.launch(job.id);
    return { ok: true, body: { job: summary(rt.store.jobs.require(job.id)) } };
  } catch (err) {
    return asResult(err);
  }
}

export type JobAction = 'pause' | 'resume' | 'cancel' | 'restore' | 'rate';

export async function jobAction(
  request: Request,
  id: string,
  action: JobAction,
): Promise<ApiResult<{ job: JobSummaryJson }>> {
  if (!JOB_ID.safeParse(id).success) return fail(404, `no job ${id}`);
  const raw = await parseJson(request);
  if (!raw.ok) return raw.result;
  const actor = actorOf(request) ?? anonymous;
  const store = getRuntime().store;
  try {
    let job: JobRecord;
    if (action === 'rate') {
      const body = rateBody.safeParse(raw.body);
      if (!body.success) return invalid(body.error);
      job = setJobRate(store, id, body.data.rate, actor);
    } else {
      const body = controlBody.safeParse(raw.body);
      if (!body.success) return invalid(body.error);
      if (body.data.rate !== undefined && action !== 'resume')
        return fail(400, 'rate is accepted with resume only');
      job = controlJob(store, id, action, actor, {
        runner: 'server',
        ...(body.data.rate !== undefined ? { rate: body.data.rate } : {}),
      });
      // A job nobody runs any more is adopted by this server's runner now rather than at its next scan.
      if (job.runner === 'server') currentJobRunner()?.scan();
    }
    return { ok: true, body: { job: summary(job) } };
  } catch (err) {
    return asResult(err);
  }
}

export { drainFrontOfKind };
