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

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (err) {
    throw new ApiError(`Spillway is not reachable (${(err as Error).message})`, 0);
  }
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as ApiErrorBody;
      if (body.error) message = body.error;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message, res.status);
  }
  return (await res.json()) as T;
}
