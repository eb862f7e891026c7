// GET /api/alerts: the alert history, newest first, filtered and paged. Validated with zod.
import { z } from 'zod';
import type { AlertsResponse } from '../alerts/records';
import { displayUrl } from '../alerts/webhook';
import { formatPath } from '../config';
import { getRuntime } from '../runtime/context';
import type { ApiErrorBody } from './types';

export const alertsQuery = z.strictObject({
  cluster: z.string().min(1).optional(),
  kind: z.enum(['group', 'queue']).optional(),
  entity: z.string().min(1).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export type ApiResult<T> = { ok: true; body: T } | { ok: false; status: number; body: ApiErrorBody };

/** Turns URL search parameters into an object (the last value of a repeated key wins). */
export function searchObject(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}

export function invalidQuery(error: z.ZodError): ApiResult<never> {
  return {
    ok: false,
    status: 400,
    body: {
      error: 'invalid query parameters',
      issues: error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    },
  };
}

export function alertHistory(params: URLSearchParams): ApiResult<AlertsResponse> {
  const parsed = alertsQuery.safeParse(searchObject(params));
  if (!parsed.success) return invalidQuery(parsed.error);
  const rt = getRuntime();
  const alerts = rt.store.alerts.list(parsed.data);
  const last = alerts.at(-1);
  return {
    ok: true,
    body: {
      alerts,
      nextBefore: alerts.length === parsed.data.limit && last ? last.id : null,
      webhooks: rt.config.alerts.webhooks.map((w, index) => ({ index, url: displayUrl(w.url) })),
    },
  };
}
