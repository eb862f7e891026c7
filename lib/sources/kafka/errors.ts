// kafkajs errors → Spillway's source errors. Connection trouble (refused, timed out, closed, DNS, TLS,
// retries exhausted on any of those) is SourceUnavailableError; SASL failures are SourceAuthError.
import { DeadlineError } from '../async';
import {
  type Redactor,
  SourceAuthError,
  SourceError,
  SourceRequestError,
  SourceUnavailableError,
} from '../errors';

const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
]);

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

const AUTH_TYPES = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'CLUSTER_AUTHORIZATION_FAILED',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  type?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and the errors it wraps (cause, originalError), innermost last, at most 5 deep. */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = error;
  while (e && typeof e === 'object' && out.length < 5) {
    out.push(e as ErrorLike);
    const next = (e as ErrorLike).cause ?? (e as ErrorLike).originalError;
    if (next === e) break;
    e = next;
  }
  return out;
}

function isTlsError(e: ErrorLike): boolean {
  return typeof e.code === 'string' && (e.code.startsWith('ERR_TLS') || e.code.includes('CERT'));
}

/** Maps any error thrown while talking to a Kafka-kind cluster to a SourceError with a redacted message. */
export function toSourceError(
  cluster: string,
  operation: string,
  error: unknown,
  redactor: Redactor,
): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof DeadlineError) {
    return new SourceUnavailableError(cluster, `${operation}: no answer within ${error.ms} ms`);
  }
  const links = chain(error);
  const innermost = links[links.length - 1];
  const message = `${operation}: ${redactor.describe(innermost ?? error)}`;
  if (
    links.some(
      (e) =>
        (typeof e.name === 'string' && e.name.includes('SASL')) ||
        (typeof e.type === 'string' && AUTH_TYPES.has(e.type)),
    )
  ) {
    return new SourceAuthError(cluster, message);
  }
  if (
    links.some(
      (e) =>
        (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) ||
        (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) ||
        isTlsError(e),
    )
  ) {
    return new SourceUnavailableError(cluster, message);
  }
  return new SourceRequestError(cluster, message);
}
