// HTTP plumbing for the replay and offsets routes: results, zod bodies, errors → 4xx with the reason,
// audit entries with the request's actor.
import type { z } from 'zod';
import { type Actor, actorOf } from '../../../auth/actor';
import { audited as auditedWork } from '../../../auth/audited';
import { formatPath } from '../../../config';
import { getRuntime, type RuntimeContext } from '../../../runtime/context';
import { SourceError } from '../../../sources';
import { JobError } from '../../jobs/types';
import { ReplayError } from '../errors';
import { bindReplayStore } from '../store-access';

export type ApiResult = { status: number; body: unknown };

export const ok = (body: unknown): ApiResult => ({ status: 200, body });
export const fail = (status: number, error: string, extra: Record<string, unknown> = {}): ApiResult => ({
  status,
  body: { error, ...extra },
});

export function respond(r: ApiResult): Response {
  return Response.json(r.body, { status: r.status, headers: { 'cache-control': 'no-store' } });
}

const ANONYMOUS: Actor = { name: 'anonymous', role: 'viewer', via: 'session' };

export function requestActor(request: Request): Actor {
  return actorOf(request) ?? ANONYMOUS;
}

export function runtime(): RuntimeContext {
  const rt = getRuntime();
  bindReplayStore(rt.store);
  return rt;
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; result: ApiResult } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    result: fail(400, 'invalid request', {
      issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    }),
  };
}

export async function jsonBody(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; result: ApiResult }> {
  try {
    const text = await request.text();
    return { ok: true, value: text.trim() === '' ? {} : (JSON.parse(text) as unknown) };
  } catch {
    return { ok: false, result: fail(400, 'the request body is not JSON') };
  }
}

/** Known errors → their status and one-line reason; anything else → 500 without details. */
export function errorResult(error: unknown): ApiResult {
  if (error instanceof ReplayError) return fail(error.status, error.message);
  if (error instanceof JobError) return fail(error.status, error.message);
  if (error instanceof SourceError) return fail(502, error.message);
  return fail(500, 'internal error');
}

/**
 * Runs a mutation through the shared audited() (parameters redacted) with the request's actor: a known
 * error becomes its answer, and any answer of 400 or more is recorded as an error with its reason.
 */
export function audited(
  request: Request,
  action: string,
  target: string,
  params: Record<string, unknown>,
  fn: () => Promise<ApiResult>,
): Promise<ApiResult> {
  return auditedWork(
    runtime().store,
    requestActor(request),
    action,
    target,
    params,
    () => fn().catch(errorResult),
    (r) =>
      r.status < 400
        ? { result: 'ok' }
        : { result: 'error', detail: (r.body as { error?: string }).error ?? `HTTP ${r.status}` },
  );
}
