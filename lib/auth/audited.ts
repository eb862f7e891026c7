// Records a mutation's outcome in the audit log around the work itself.
import type { Store } from '../store';
import type { Actor } from './actor';
import { redactSecrets, redactText } from './redact';

/**
 * Runs `fn` and appends one audit entry: `ok` when it returns, `error` (with the message) when it throws —
 * the error is re-thrown. `fn` may return `{ audit: 'error', detail }` through `outcome` to record a refusal
 * it answers itself (e.g. a validation error) without throwing. Parameters are redacted.
 */
export async function audited<T>(
  store: Pick<Store, 'auditLog'>,
  actor: Actor | undefined,
  action: string,
  target: string,
  params: Record<string, unknown>,
  fn: () => Promise<T> | T,
  outcome: (value: T) => { result: 'ok' | 'error'; detail?: string } = () => ({ result: 'ok' }),
): Promise<T> {
  const base = {
    actor: actor?.name ?? 'anonymous',
    role: actor?.role ?? null,
    action,
    target,
    params: redactSecrets(params),
  };
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    store.auditLog.append({
      ...base,
      result: 'error',
      detail: redactText((err as Error).message ?? String(err)),
    });
    throw err;
  }
  const o = outcome(value);
  store.auditLog.append({ ...base, result: o.result, detail: o.detail ? redactText(o.detail) : null });
  return value;
}
