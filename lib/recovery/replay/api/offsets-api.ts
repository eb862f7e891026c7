// POST /api/offsets/reset, POST /api/offsets/undo, GET /api/offsets (undo snapshots).
import { z } from 'zod';
import { kafkaCluster } from '../clusters';
import {
  applyOffsetReset,
  applyOffsetUndo,
  parseResetTarget,
  planOffsetReset,
  planOffsetUndo,
} from '../kafka/offsets-reset';
import { type ApiResult, audited, errorResult, jsonBody, ok, parseWith, requestActor, runtime } from './http';

const resetBody = z.strictObject({
  cluster: z.string().min(1).max(64).optional(),
  group: z.string().min(1).max(1000),
  topic: z.string().min(1).max(249),
  to: z.string().min(1).max(40),
  dryRun: z.boolean().default(true),
});

export async function offsetsResetPost(request: Request): Promise<ApiResult> {
  const raw = await jsonBody(request);
  if (!raw.ok) return raw.result;
  const parsed = parseWith(resetBody, raw.value);
  if (!parsed.ok) return parsed.result;
  const b = parsed.data;
  try {
    const rt = runtime();
    const opts = {
      cluster: kafkaCluster(rt.config, b.cluster),
      group: b.group,
      topic: b.topic,
      to: parseResetTarget(b.to),
    };
    if (b.dryRun) return ok({ dryRun: true, ...(await planOffsetReset(opts)) });
    return audited(
      request,
      'offsets.reset',
      `kafka:${opts.cluster.name}/${b.group}/${b.topic}`,
      { to: b.to },
      async () => {
        const { plan, snapshot } = await applyOffsetReset(opts, rt.store, requestActor(request).name);
        return ok({ dryRun: false, snapshotId: snapshot.id, ...plan });
      },
    );
  } catch (error) {
    return errorResult(error);
  }
}

const undoBody = z.strictObject({
  cluster: z.string().min(1).max(64).optional(),
  id: z.string().regex(/^[0-9a-f]{12}$/, 'not a snapshot id'),
  dryRun: z.boolean().default(true),
});

export async function offsetsUndoPost(request: Request): Promise<ApiResult> {
  const raw = await jsonBody(request);
  if (!raw.ok) return raw.result;
  const parsed = parseWith(undoBody, raw.value);
  if (!parsed.ok) return parsed.result;
  const b = parsed.data;
  try {
    const rt = runtime();
    const cluster = kafkaCluster(rt.config, b.cluster ?? rt.store.offsetSnapshots.get(b.id)?.cluster);
    if (b.dryRun) return ok({ dryRun: true, ...(await planOffsetUndo(rt.store, cluster, b.id)) });
    return audited(request, 'offsets.undo', `kafka:${cluster.name}`, { snapshotId: b.id }, async () =>
      ok({ dryRun: false, ...(await applyOffsetUndo(rt.store, cluster, b.id, requestActor(request).name)) }),
    );
  } catch (error) {
    return errorResult(error);
  }
}

export function offsetsSnapshotsGet(params: URLSearchParams): ApiResult {
  const cluster = params.get('cluster') ?? undefined;
  const group = params.get('group') ?? undefined;
  return ok({
    snapshots: runtime().store.offsetSnapshots.list({
      ...(cluster ? { cluster } : {}),
      ...(group ? { group } : {}),
    }),
  });
}
