// GET /api/audit: runs the reliability audit over the configured clusters (or the ones named).
import { z } from 'zod';
import { AUDIT_DEFAULTS } from '../audit/defaults';
import { runAudit } from '../audit/run';
import type { AuditReport } from '../audit/types';
import { currentLagSampler } from '../lag/sampler/registry';
import { getRuntime } from '../runtime/context';
import { createSource } from '../sources';
import { type ApiResult, invalidQuery, searchObject } from './alerts';

export const auditQuery = z.strictObject({
  /** Comma-separated cluster names; default all. */
  cluster: z.string().min(1).optional(),
  observeMs: z.coerce.number().int().min(0).max(AUDIT_DEFAULTS.maxObserveMs).optional(),
});

export async function auditReport(params: URLSearchParams): Promise<ApiResult<AuditReport>> {
  const parsed = auditQuery.safeParse(searchObject(params));
  if (!parsed.success) return invalidQuery(parsed.error);
  const { clusters } = getRuntime().config;
  const names = parsed.data.cluster?.split(',').map((s) => s.trim());
  const unknown = names?.filter((n) => !clusters.some((c) => c.name === n)) ?? [];
  if (unknown.length > 0) {
    return { ok: false, status: 404, body: { error: `unknown cluster(s): ${unknown.join(', ')}` } };
  }
  // The sampler knows where the embedded broker really listens (its config may say port 0).
  const sampler = currentLagSampler();
  const chosen = (names ? clusters.filter((c) => names.includes(c.name)) : clusters).map(
    (c) => sampler?.entry(c.name)?.config ?? c,
  );
  const report = await runAudit(chosen, {
    createSource: (c) => createSource(c),
    ...(parsed.data.observeMs !== undefined ? { observeMs: parsed.data.observeMs } : {}),
  });
  return { ok: true, body: report };
}
