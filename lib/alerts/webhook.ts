// One webhook delivery: POST with a timeout, retried with backoff on network errors, timeouts, 408, 429
// and 5xx. Error texts name causes, never header values (they may carry tokens).
import { type BackoffPolicy, backoffMs } from './defaults';

export interface WebhookTarget {
  /** Index in the configuration's alerts.webhooks. */
  index: number;
  url: string;
  /** Prepared request headers (configured headers included). */
  headers: Headers;
  /** The URL as it may be shown: scheme, host and port. */
  display: string;
}

export type AttemptResult =
  | { ok: true; status: number }
  | { ok: false; retriable: boolean; status: number | null; error: string };

export interface DeliveryOptions {
  timeoutMs: number;
  retries: number;
  backoff: BackoffPolicy;
  /** Aborts the delivery (process shutdown). */
  cancel: AbortSignal;
  onAttempt?: (attempt: number, result: AttemptResult) => void;
}

/** `https://host:port` of a webhook URL: paths (Slack's, for one) and queries often are the secret. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : '/…'}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Builds the request headers; a header whose value is invalid is left out and named (not its value). */
export function buildHeaders(configured: Readonly<Record<string, string>>): {
  headers: Headers;
  invalid: string[];
} {
  const headers = new Headers({ 'content-type': 'application/json', 'user-agent': 'spillway-alerts' });
  const invalid: string[] = [];
  for (const [name, value] of Object.entries(configured)) {
    try {
      headers.set(name, value);
    } catch {
      invalid.push(name);
    }
  }
  return { headers, invalid };
}

function networkError(err: unknown): string {
  const e = err as Error & { cause?: { code?: unknown; message?: unknown } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.name === 'AbortError') return 'aborted';
  const code = e?.cause?.code;
  if (typeof code === 'string') return code;
  const msg = typeof e?.cause?.message === 'string' ? e.cause.message : (e?.message ?? String(err));
  return msg.split('\n')[0] ?? 'error';
}

const retriableStatus = (s: number) => s === 408 || s === 425 || s === 429 || s >= 500;

export async function postOnce(
  target: WebhookTarget,
  body: string,
  attempt: number,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<AttemptResult> {
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]);
  const headers = new Headers(target.headers);
  headers.set('x-spillway-attempt', String(attempt));
  try {
    const res = await fetch(target.url, { method: 'POST', headers, body, signal, redirect: 'manual' });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const redirect = res.status >= 300 && res.status < 400;
    return {
      ok: false,
      retriable: retriableStatus(res.status),
      status: res.status,
      error: redirect ? `HTTP ${res.status} (redirects are not followed)` : `HTTP ${res.status}`,
    };
  } catch (err) {
    const error = networkError(err);
    const timedOut = error === 'timed out' || (signal.aborted && !cancel.aborted);
    return {
      ok: false,
      retriable: !cancel.aborted,
      status: null,
      error: timedOut ? `no answer within ${timeoutMs} ms` : error,
    };
  }
}

function sleep(ms: number, cancel: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (cancel.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      cancel.removeEventListener('abort', done);
      resolve();
    }
    cancel.addEventListener('abort', done, { once: true });
  });
}

/** Attempts the POST up to 1 + retries times; resolves with the last result and the attempts made. */
export async function deliver(
  target: WebhookTarget,
  body: string,
  opts: DeliveryOptions,
): Promise<{ result: AttemptResult; attempts: number }> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const result = await postOnce(target, body, attempt, opts.timeoutMs, opts.cancel);
    opts.onAttempt?.(attempt, result);
    if (result.ok || !result.retriable || attempt > opts.retries || opts.cancel.aborted) {
      return { result, attempts: attempt };
    }
    await sleep(backoffMs(attempt, opts.backoff), opts.cancel);
    if (opts.cancel.aborted) return { result, attempts: attempt };
  }
}
