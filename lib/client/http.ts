import type { ApiErrorBody } from '../api/types';

/** An API call that failed; `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** Worth retrying: the network or a 5xx, never a 4xx. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** The session's CSRF token (a non-httpOnly cookie set at sign-in); mutations echo it in a header. */
export function csrfToken(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const m = /(?:^|;\s*)spillway_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1];
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  const method = (init.method ?? 'GET').toUpperCase();
  const csrf = method === 'GET' || method === 'HEAD' ? undefined : csrfToken();
  try {
    res = await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...(csrf ? { 'x-spillway-csrf': csrf } : {}), ...init.headers },
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`Spillway is not reachable (${(err as Error).message})`, 0);
  }
  if (res.status === 401 && typeof window !== 'undefined' && !window.location.pathname.startsWith('/login')) {
    // The session ended (idle or absolute expiry, sign-out elsewhere): back to the sign-in page.
    window.location.assign(
      `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as ApiErrorBody;
      if (body.error) message = body.error;
      if (body.issues?.length) message += `: ${body.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message, res.status);
  }
  return (await res.json()) as T;
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, signal ? { signal } : {});
}

/** A mutation with a JSON body and the session's CSRF token; same-origin only, as the server requires. */
export function sendJson<T>(
  path: string,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  body?: unknown,
): Promise<T> {
  return request<T>(path, {
    method,
    credentials: 'same-origin',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}

/** GET that treats 404 as "not there (yet)": resolves to `fallback`. */
export async function getJsonOr<T>(path: string, fallback: T, signal?: AbortSignal): Promise<T> {
  try {
    return await getJson<T>(path, signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return fallback;
    throw err;
  }
}
