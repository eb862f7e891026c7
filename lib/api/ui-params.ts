// Path parameters of the dashboard's routes (/api/ui/...), validated with zod: a 400 naming the bad
// parameter rather than a query to the cluster with a nonsense name.
import { z } from 'zod';
import { formatPath } from '../config';
import type { UiResult } from './ui-sources';

const cluster = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'not a cluster name');

export const uiClusterParams = z.strictObject({ cluster });
/** Group ids may hold any character (the URL carries them percent-encoded). */
export const uiGroupParams = z.strictObject({ cluster, group: z.string().min(1).max(1000) });
export const uiTopicParams = z.strictObject({
  cluster,
  topic: z
    .string()
    .min(1)
    .max(249)
    .regex(/^[A-Za-z0-9._-]+$/, 'not a Kafka topic name'),
});
/** The default vhost `/` travels as %2F. */
export const uiQueueParams = z.strictObject({
  cluster,
  vhost: z.string().min(1).max(255),
  queue: z.string().min(1).max(255),
});

export function parseParams<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; result: UiResult<never> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    result: {
      ok: false,
      status: 400,
      body: {
        error: 'invalid path',
        issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      },
    },
  };
}

/** The Response of a facade result: JSON, never cached. */
export function uiRespond<T>(result: UiResult<T>): Response {
  return Response.json(result.body, {
    status: result.ok ? 200 : result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
