// A small typed client for the RabbitMQ management HTTP API: Basic auth, a timeout per request
// (AbortSignal.timeout), pages followed (`?page=N&page_size=500&pagination=true`), answers validated with
// zod. Error messages name the method, path and status — never the credentials, which live only in the
// Authorization header and are redacted from anything quoted back.
import type { z } from 'zod';
import {
  describeError,
  type Redactor,
  SourceAuthError,
  type SourceError,
  SourceRequestError,
  SourceUnavailableError,
} from '../errors';
import { errorBodySchema, pageSchema } from './schemas';

export interface ManagementClientOptions {
  cluster: string;
  /** Base URL without credentials, e.g. `http://127.0.0.1:15672`. */
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  pageSize: number;
  maxPages: number;
  redactor: Redactor;
}

/** `/api/queues/<vhost>` with each segment percent-encoded (`/` is `%2F`). */
export function apiPath(...segments: string[]): string {
  return `/api/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

const UNAVAILABLE_STATUS = new Set([502, 503, 504]);

export class ManagementClient {
  private readonly authorization: string;

  constructor(private readonly o: ManagementClientOptions) {
    this.authorization = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
  }

  private async request(path: string): Promise<unknown> {
    const where = `GET ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.o.baseUrl}${path}`, {
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.o.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new SourceUnavailableError(this.o.cluster, `${where}: ${this.reason(error)}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new SourceUnavailableError(this.o.cluster, `${where}: reading the answer: ${this.reason(error)}`);
    }
    if (!response.ok) throw this.httpError(where, response, text);
    try {
      return JSON.parse(text);
    } catch {
      throw new SourceRequestError(this.o.cluster, `${where}: the answer is not JSON`, response.status);
    }
  }

  /** The underlying reason of a failed fetch (undici hides it in `cause`), redacted. */
  private reason(error: unknown): string {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `no answer within ${this.o.timeoutMs} ms`;
    }
    const cause = error instanceof Error ? error.cause : undefined;
    return this.o.redactor.redact(describeError(cause ?? error));
  }

  private httpError(where: string, response: Response, text: string): SourceError {
    let detail = '';
    try {
      const body = errorBodySchema.safeParse(JSON.parse(text));
      if (body.success) detail = [body.data.error, body.data.reason].filter(Boolean).join(': ');
    } catch {
      detail = '';
    }
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const message = this.o.redactor.redact(
      `${where}: ${status}${detail ? ` (${detail.slice(0, 200)})` : ''}`,
    );
    if (response.status === 401 || response.status === 403) {
      return new SourceAuthError(this.o.cluster, `${message} — check managementUser/managementPassword`);
    }
    if (UNAVAILABLE_STATUS.has(response.status)) return new SourceUnavailableError(this.o.cluster, message);
    return new SourceRequestError(this.o.cluster, message, response.status);
  }

  private parse<S extends z.ZodType>(path: string, schema: S, value: unknown): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const at = issue ? issue.path.map(String).join('.') : '';
    throw new SourceRequestError(
      this.o.cluster,
      `GET ${path}: unexpected answer${at ? ` at ${at}` : ''}: ${issue?.message ?? 'invalid'}`,
    );
  }

  /** GET one resource and validate it. */
  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    return this.parse(path, schema, await this.request(path));
  }

  /**
   * GET every page of a paginated collection (`pageSize` items per request; the API's maximum is 500) and
   * return the items in order, each once: an item seen on an earlier page (the collection changed while
   * paging) is kept once, by `key`.
   */
  async getAll<S extends z.ZodType>(
    path: string,
    item: S,
    key: (value: z.output<S>) => string,
    pageSize = this.o.pageSize,
  ): Promise<Array<z.output<S>>> {
    const schema = pageSchema(item);
    const out = new Map<string, z.output<S>>();
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; page <= this.o.maxPages; page++) {
      const pagePath = `${path}${sep}page=${page}&page_size=${pageSize}&pagination=true`;
      const answer = this.parse(pagePath, schema, await this.request(pagePath));
      for (const value of answer.items as Array<z.output<S>>) {
        const k = key(value);
        if (!out.has(k)) out.set(k, value);
      }
      if (page >= answer.page_count) return [...out.values()];
    }
    throw new SourceRequestError(this.o.cluster, `GET ${path}: more than ${this.o.maxPages} pages`);
  }
}
