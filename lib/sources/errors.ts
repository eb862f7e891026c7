// Errors of the source adapters: a few classes carrying the cluster name (STYLE 5). Messages are
// redacted before they are built, and no class keeps the client's original error (`cause`): kafkajs and
// amqplib errors can carry URLs or connection options, and nothing secret may reach a log or a response.

/** Base class: something went wrong talking to a cluster. */
export class SourceError extends Error {
  constructor(
    readonly cluster: string,
    message: string,
  ) {
    super(`${cluster}: ${message}`);
    this.name = 'SourceError';
  }
}

/** The cluster cannot be reached (refused, timed out, DNS, TLS handshake, broker gone). Retry later. */
export class SourceUnavailableError extends SourceError {
  constructor(
    cluster: string,
    /** The underlying reason, one line, redacted. */
    readonly causeMessage: string,
  ) {
    super(cluster, `unavailable: ${causeMessage}`);
    this.name = 'SourceUnavailableError';
  }
}

/** The cluster refused our credentials (SASL failure, HTTP 401/403). Fix the configuration. */
export class SourceAuthError extends SourceError {
  constructor(cluster: string, message: string) {
    super(cluster, message);
    this.name = 'SourceAuthError';
  }
}

/** A topic, group, queue or vhost that does not exist. */
export class SourceNotFoundError extends SourceError {
  constructor(
    cluster: string,
    /** `topic`, `group`, `queue`, `vhost`. */
    readonly resource: string,
    readonly resourceName: string,
    /** RabbitMQ queues and exchanges: the vhost searched. */
    readonly vhost: string | null = null,
  ) {
    super(cluster, `${resource} "${resourceName}" not found${vhost === null ? '' : ` in vhost "${vhost}"`}`);
    this.name = 'SourceNotFoundError';
  }
}

/** The cluster answered with an error we did not expect (HTTP status, Kafka error code, bad response). */
export class SourceRequestError extends SourceError {
  constructor(
    cluster: string,
    message: string,
    /** HTTP status, when the request was HTTP. */
    readonly status: number | null = null,
  ) {
    super(cluster, message);
    this.name = 'SourceRequestError';
  }
}

/** The cluster's configuration cannot be used (unreadable PEM file, bad URL). */
export class SourceConfigError extends SourceError {
  constructor(cluster: string, message: string) {
    super(cluster, message);
    this.name = 'SourceConfigError';
  }
}

/** The first line of an error's message (with its errno code when the message lacks it), unredacted. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const message = (error.message.split('\n')[0] ?? '').trim() || error.name;
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

/**
 * Replaces every secret (and its URL-encoded and Basic-auth forms) in a text with `***`. Built once per
 * source from its configuration; every message a source builds goes through it.
 */
export class Redactor {
  private readonly needles: string[];

  constructor(secrets: ReadonlyArray<string | undefined>, basicAuth: ReadonlyArray<[string, string]> = []) {
    const set = new Set<string>();
    for (const s of secrets) {
      if (!s) continue;
      set.add(s);
      set.add(encodeURIComponent(s));
    }
    for (const [user, pass] of basicAuth) {
      if (pass) set.add(Buffer.from(`${user}:${pass}`).toString('base64'));
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.needles = [...set].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const n of this.needles) out = out.split(n).join('***');
    // Credentials in URLs, whatever they are: scheme://user:pass@host → scheme://user:***@host.
    return out.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^@\s/]*@/gi, '$1:***@');
  }

  /** describeError, redacted. */
  describe(error: unknown): string {
    return this.redact(describeError(error));
  }
}
