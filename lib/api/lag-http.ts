// Small HTTP helpers of the lag API: zod validation into 400s with a reason, JSON responses, the sampler.
import type { z } from 'zod';
import { formatPath } from '../config';
import type { ApiErrorBody } from './types';

export type LagResult<T> = { ok: true; body: T } | { ok: false; status: number; body: ApiErrorBody };

export function fail(status: number, error: string): LagResult<never> {
  return { ok: false, status, body: { error } };
}

/** Validates input with a schema; a 400 naming every bad parameter when it does not fit. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): { ok: true; data: z.output<S> } | { ok: false; result: LagResult<never> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    result: {
      ok: false,
      status: 400,
      body: {
        error: `invalid ${what}`,
        issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      },
    },
  };
}

/** URL search parameters as an object (the last value of a repeated key wins). */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

/** The Response of a result: JSON, never cached. */
export function respond<T>(result: LagResult<T>): Response {
  return Response.json(result.body, {
    status: result.ok ? 200 : result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
