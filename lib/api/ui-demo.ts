// /api/demo: start, stop and read the demo workload. Starting and stopping are MUTATIONS: the request gate
// (lib/auth/gate.ts) already required a signed-in operator and the CSRF token; each attempt is recorded in
// the audit log (demo.start / demo.stop) with its result.
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { audited } from '../auth/audited';
import { embeddedClusterOf, formatPath } from '../config';
import { type DemoTarget, demoController } from '../demo/controller';
import { DEMO_LIMITS } from '../demo/scenario';
import type { DemoStatus } from '../demo/types';
import { currentLagSampler } from '../lag/sampler/registry';
import { getRuntime } from '../runtime/context';
import { embeddedBootstrap } from '../sources/kafka/client';
import type { UiResult } from './ui-sources';

const rate = z.number().int().min(1).max(DEMO_LIMITS.maxRate);

/** POST body: `{ "action": "start" }` (optionally with scenario overrides) or `{ "action": "stop" }`. */
export const demoBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('start'),
    burstRate: rate.optional(),
    quietRate: z.number().int().min(0).max(DEMO_LIMITS.maxRate).optional(),
    consumerRate: rate.optional(),
    burstSeconds: z.number().int().min(1).max(600).optional(),
    quietSeconds: z.number().int().min(0).max(600).optional(),
    partitions: z.number().int().min(1).max(DEMO_LIMITS.maxPartitions).optional(),
    durationSeconds: z.number().int().min(5).max(DEMO_LIMITS.maxDurationSeconds).optional(),
  }),
  z.strictObject({ action: z.literal('stop') }),
]);

/**
 * Refuses cross-site requests to a mutation: a browser sends `Sec-Fetch-Site` and `Origin`; both must say
 * this origin. Requests without either (curl, the CLI) pass: they cannot ride a user's browser session.
 */
export function crossOriginRefusal(request: Request): string | null {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  }
  const origin = request.headers.get('origin');
  if (origin !== null) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) return `cross-origin request refused (Origin: ${origin})`;
  }
  return null;
}

/** The embedded broker the demo runs on: the sampler's resolved address (its real port), else the config. */
function demoTarget(): DemoTarget | null {
  const sampled = currentLagSampler()
    ?.clusterEntries()
    .find((e) => e.config.kind === 'embedded')?.config;
  const embedded = sampled?.kind === 'embedded' ? sampled : embeddedClusterOf(getRuntime().config);
  if (!embedded) return null;
  // The demo's clients authenticate like Spillway's other clients of the embedded broker: as its first user.
  const user = embedded.sasl?.users[0];
  return {
    cluster: embedded.name,
    bootstrap: embeddedBootstrap(embedded),
    ...(user ? { sasl: { username: user.username, password: user.password } } : {}),
  };
}

function withCluster(s: DemoStatus): DemoStatus {
  return s.cluster ? s : { ...s, cluster: demoTarget()?.cluster ?? null };
}

export function demoStatus(): UiResult<DemoStatus> {
  return { ok: true, body: withCluster(demoController().current()) };
}

function parseBody(text: string): { ok: true; body: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, body: { action: 'start' } };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, error: 'the body is not valid JSON' };
  }
}

/** Records the outcome of a demo mutation in the audit log (a refusal answered with 4xx/5xx as 'error'). */
function auditDemo(
  request: Request,
  action: 'start' | 'stop',
  params: Record<string, unknown>,
  fn: () => Promise<UiResult<DemoStatus>>,
): Promise<UiResult<DemoStatus>> {
  return audited(
    getRuntime().store,
    actorOf(request),
    `demo.${action}`,
    demoTarget()?.cluster ?? '',
    params,
    fn,
    (r) => (r.ok ? { result: 'ok' } : { result: 'error', detail: `${r.status} ${r.body.error}` }),
  );
}

/** POST /api/demo — a mutation: starts or stops the demo. */
export async function demoPost(request: Request): Promise<UiResult<DemoStatus>> {
  const raw = await request.text();
  const parsed = parseBody(raw);
  const params =
    parsed.ok && parsed.body && typeof parsed.body === 'object' && !Array.isArray(parsed.body)
      ? (parsed.body as Record<string, unknown>)
      : {};
  const action = params.action === 'stop' ? 'stop' : 'start';
  return auditDemo(request, action, params, () => demoPostInner(request, raw));
}

async function demoPostInner(request: Request, text: string): Promise<UiResult<DemoStatus>> {
  const refused = crossOriginRefusal(request);
  if (refused) return { ok: false, status: 403, body: { error: refused } };
  const raw = parseBody(text);
  if (!raw.ok) return { ok: false, status: 400, body: { error: raw.error } };
  const parsed = demoBody.safeParse(raw.body);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      body: {
        error: 'invalid demo request',
        issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      },
    };
  }
  if (parsed.data.action === 'stop') return { ok: true, body: withCluster(await demoController().stop()) };
  const target = demoTarget();
  if (!target) {
    return {
      ok: false,
      status: 409,
      body: { error: 'no embedded cluster is configured: the demo runs on the embedded broker' },
    };
  }
  const { action: _action, ...overrides } = parsed.data;
  const status = await demoController().start(target, overrides);
  if (status.state === 'failed')
    return { ok: false, status: 502, body: { error: `the demo could not start: ${status.error}` } };
  return { ok: true, body: status };
}

/** DELETE /api/demo — a mutation: stops the demo. */
export async function demoDelete(request: Request): Promise<UiResult<DemoStatus>> {
  return auditDemo(request, 'stop', {}, async () => {
    const refused = crossOriginRefusal(request);
    if (refused) return { ok: false, status: 403, body: { error: refused } };
    return { ok: true, body: withCluster(await demoController().stop()) };
  });
}
