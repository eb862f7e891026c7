// Path parameters of the dashboard's routes (/api/ui/...), validated with zod: a 400 naming the bad
// parameter rather than a query to the cluster with a nonsense name.
import { z } from 'zod';
import { respond, validate } from './lag-http';
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

/** A 400 naming every bad parameter when the path does not fit (the lag API's validate()). */
export function parseParams<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; result: UiResult<never> } {
  return validate(schema, input, 'path');
}

/** The Response of a facade result: JSON, never cached. */
export function uiRespond<T>(result: UiResult<T>): Response {
  return respond(result);
}
