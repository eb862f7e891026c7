// GET /api/archive (filterable listing) and GET /api/archive/{id} (one message with its body).
import { z } from 'zod';
import { parseTime } from '../time';
import { type ApiResult, errorResult, fail, ok, parseWith, runtime } from './http';

const listQuery = z.strictObject({
  cluster: z.string().min(1).max(64).optional(),
  vhost: z.string().min(1).max(255).optional(),
  queue: z.string().min(1).max(255).optional(),
  reason: z.enum(['expired', 'rejected', 'maxlen', 'delivery_limit']).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  replayed: z.enum(['yes', 'no']).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function archiveList(params: URLSearchParams): ApiResult {
  const parsed = parseWith(listQuery, Object.fromEntries(params));
  if (!parsed.ok) return parsed.result;
  const q = parsed.data;
  try {
    const { store } = runtime();
    const filter = {
      ...(q.cluster ? { cluster: q.cluster } : {}),
      ...(q.vhost ? { vhost: q.vhost } : {}),
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.reason ? { reason: q.reason } : {}),
      ...(q.since ? { since: parseTime('since', q.since) } : {}),
      ...(q.until ? { until: parseTime('until', q.until) } : {}),
      ...(q.replayed ? { replayed: q.replayed === 'yes' } : {}),
    };
    const messages = store.archive.list({
      ...filter,
      ...(q.after !== undefined ? { after: q.after } : {}),
      limit: q.limit ?? 200,
    });
    return ok({
      total: store.archive.count(filter),
      messages,
      captures: store.replayCaptures.list(),
      next: messages.length === (q.limit ?? 200) ? messages[messages.length - 1]?.id : null,
    });
  } catch (error) {
    return errorResult(error);
  }
}

const MAX_BODY_SHOWN = 64 * 1024;

export function archiveMessage(idText: string): ApiResult {
  const id = Number(idText);
  if (!/^\d+$/.test(idText) || !Number.isSafeInteger(id)) return fail(404, `no archived message ${idText}`);
  const m = runtime().store.archive.get(id);
  if (!m) return fail(404, `no archived message ${idText}`);
  const shown = m.body.subarray(0, MAX_BODY_SHOWN);
  const text = shown.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(shown);
  const { body: _body, ...rest } = m;
  return ok({
    ...rest,
    bodySize: m.body.length,
    bodyTruncated: m.body.length > MAX_BODY_SHOWN,
    body: isText ? { encoding: 'utf8', data: text } : { encoding: 'base64', data: shown.toString('base64') },
  });
}
