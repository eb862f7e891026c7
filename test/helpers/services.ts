// Service-aware harness for integration tests that need a real Apache Kafka, RabbitMQ (with its
// management API) or Chromium. Start them with `npm run services:up` (scripts/services.sh).
//
// Every service is probed once, in parallel, when this module is first imported (short timeouts, so
// an absent service costs milliseconds). A suite declared with `describeService` then:
//   - runs when its services answer;
//   - is skipped with a one-line reason when one does not (developer machines);
//   - FAILS with that reason when CI=true, so CI can never go green by skipping.

import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import { connect as amqpConnect } from 'amqplib';
import type { LogEntry } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { describe, it } from 'vitest';

export type ServiceName = 'kafka' | 'rabbitmq' | 'rabbitmq-management' | 'chromium';

export interface ServiceStatus {
  readonly service: ServiceName;
  readonly available: boolean;
  /** Why the service cannot be used (null when available), as one line. */
  readonly reason: string | null;
}

export interface SkipContext {
  skip: (note?: string) => never;
}

function envOr(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}

/** True when running under CI (`CI=true`): unreachable services fail suites instead of skipping them. */
export const IS_CI = process.env.CI === 'true';

/**
 * Bootstrap brokers of the test Apache Kafka (`SPILLWAY_TEST_KAFKA`, comma-separated host:port); by
 * default the one scripts/kafka.sh starts, on 127.0.0.1:`SPILLWAY_KAFKA_PORT` (19092).
 */
export const KAFKA_BROKERS: readonly string[] = envOr(
  'SPILLWAY_TEST_KAFKA',
  `127.0.0.1:${envOr('SPILLWAY_KAFKA_PORT', '19092')}`,
)
  .split(',')
  .map((b) => b.trim())
  .filter((b) => b.length > 0);

/** AMQP URL of the test RabbitMQ (`SPILLWAY_TEST_RABBITMQ`). */
export const RABBITMQ_URL = envOr('SPILLWAY_TEST_RABBITMQ', 'amqp://guest:guest@127.0.0.1:5672');

/**
 * Management API of the test RabbitMQ (`SPILLWAY_TEST_RABBITMQ_MANAGEMENT`), credentials in the URL.
 * Use `RABBITMQ_MANAGEMENT` or `managementFetch`: fetch() refuses URLs that carry credentials.
 */
export const RABBITMQ_MANAGEMENT_URL = envOr(
  'SPILLWAY_TEST_RABBITMQ_MANAGEMENT',
  'http://guest:guest@127.0.0.1:15672',
);

/** The management URL split into a credential-free base URL and its Basic credentials. */
export const RABBITMQ_MANAGEMENT: {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly authorization: string;
} = (() => {
  const url = new URL(RABBITMQ_MANAGEMENT_URL);
  const username = decodeURIComponent(url.username) || 'guest';
  const password = decodeURIComponent(url.password) || 'guest';
  url.username = '';
  url.password = '';
  const baseUrl = url.toString().replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { baseUrl, username, password, authorization };
})();

/** Chromium used by e2e tests (`SPILLWAY_CHROMIUM`). */
export const CHROMIUM_PATH = envOr('SPILLWAY_CHROMIUM', '/usr/bin/chromium');

const HINT = 'run `npm run services:up`';
const PROBE_TIMEOUT_MS = 3000;

/** An URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const message = error.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probeKafka(): Promise<string | null> {
  const where = KAFKA_BROKERS.join(',');
  const kafka = new Kafka({
    clientId: 'spillway-test-probe',
    brokers: [...KAFKA_BROKERS],
    connectionTimeout: 1500,
    requestTimeout: PROBE_TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    const cluster = await withTimeout(
      admin.connect().then(() => admin.describeCluster()),
      PROBE_TIMEOUT_MS,
      'describeCluster',
    );
    if (cluster.brokers.length === 0) return `Apache Kafka on ${where} reports no live broker — ${HINT}`;
    return null;
  } catch (error) {
    return `Apache Kafka not reachable on ${where} (${errorText(error)}) — ${HINT}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function probeRabbitmq(): Promise<string | null> {
  try {
    const connection = await withTimeout(
      amqpConnect(RABBITMQ_URL, { timeout: 1500 }),
      PROBE_TIMEOUT_MS,
      'AMQP connect',
    );
    await connection.close().catch(() => undefined);
    return null;
  } catch (error) {
    return `RabbitMQ not reachable at ${redact(RABBITMQ_URL)} (${errorText(error)}) — ${HINT}`;
  }
}

async function probeRabbitmqManagement(): Promise<string | null> {
  const where = `${RABBITMQ_MANAGEMENT.baseUrl}/api/overview`;
  try {
    const response = await managementFetch('/api/overview', {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 200) return null;
    return `RabbitMQ management API at ${where} answered HTTP ${response.status} — ${HINT}`;
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    return `RabbitMQ management API not reachable at ${where} (${errorText(cause)}) — ${HINT}`;
  }
}

async function probeChromium(): Promise<string | null> {
  try {
    await access(CHROMIUM_PATH, fsConstants.X_OK);
    return null;
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH} — apt-get install chromium, or set SPILLWAY_CHROMIUM`;
  }
}

const PROBES: Record<ServiceName, () => Promise<string | null>> = {
  kafka: probeKafka,
  rabbitmq: probeRabbitmq,
  'rabbitmq-management': probeRabbitmqManagement,
  chromium: probeChromium,
};

const SERVICE_NAMES = Object.keys(PROBES) as ServiceName[];

async function runProbe(service: ServiceName): Promise<ServiceStatus> {
  const reason = await PROBES[service]().catch(
    (error: unknown) => `${service} probe failed: ${errorText(error)}`,
  );
  return { service, available: reason === null, reason };
}

/** Result of every probe, taken once when this module was loaded. */
export const SERVICES: Readonly<Record<ServiceName, ServiceStatus>> = Object.freeze(
  Object.fromEntries(
    await Promise.all(SERVICE_NAMES.map(async (s) => [s, await runProbe(s)] as const)),
  ) as Record<ServiceName, ServiceStatus>,
);

/** Probes a service again, now (the module-level `SERVICES` snapshot is not updated). */
export function probeService(service: ServiceName): Promise<ServiceStatus> {
  return runProbe(service);
}

function asList(services: ServiceName | readonly ServiceName[]): readonly ServiceName[] {
  return typeof services === 'string' ? [services] : services;
}

/** The reasons the given services cannot be used, joined in one line; null when all are available. */
export function unavailableReason(services: ServiceName | readonly ServiceName[]): string | null {
  const reasons = asList(services)
    .map((s) => SERVICES[s].reason)
    .filter((r): r is string => r !== null);
  return reasons.length > 0 ? reasons.join('; ') : null;
}

const announced = new Set<string>();

function announceSkip(title: string, reason: string): void {
  const line = `skipped: ${title}: ${reason}`;
  if (announced.has(line)) return;
  announced.add(line);
  console.warn(line);
}

/**
 * `describe` for a suite that needs real services. Skipped with a one-line reason when one is
 * unreachable, except under CI=true, where the suite fails with that reason instead.
 */
export function describeService(
  services: ServiceName | readonly ServiceName[],
  title: string,
  fn: () => void,
): void {
  const reason = unavailableReason(services);
  if (reason === null) {
    describe(title, () => fn());
    return;
  }
  if (IS_CI) {
    describe(title, () => {
      it(`requires ${asList(services).join(', ')}`, () => {
        throw new Error(`${reason} (CI=true: a missing service is a failure, not a skip)`);
      });
    });
    return;
  }
  announceSkip(title, reason);
  describe.skip(`${title} [skipped: ${reason}]`, () => fn());
}

/**
 * For use inside a test or hook: `requireServices('chromium', ctx)`. Skips the test (through the
 * context's skip) with the reason when a service is missing, or throws under CI=true.
 */
export function requireServices(services: ServiceName | readonly ServiceName[], ctx: SkipContext): void {
  const reason = unavailableReason(services);
  if (reason === null) return;
  if (IS_CI) throw new Error(`${reason} (CI=true: a missing service is a failure, not a skip)`);
  ctx.skip(reason);
}

let uniqueCounter = 0;

/**
 * A name that no other test (in this run or a parallel one) uses: `<prefix>-<time>-<pid>-<n>-<random>`,
 * made only of characters legal in Kafka topic, consumer group and RabbitMQ queue names.
 */
export function uniqueName(prefix = 'spillway-test'): string {
  uniqueCounter += 1;
  const clean = prefix.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'spillway-test';
  const suffix = `${Date.now().toString(36)}-${process.pid}-${uniqueCounter}-${randomBytes(3).toString('hex')}`;
  return `${clean.slice(0, 200)}-${suffix}`;
}

// Errors kafkajs logs although it retries them itself, e.g. while a fresh cluster creates its
// __consumer_offsets topic or a new topic elects its leaders.
const RETRIED_KAFKA_ERRORS =
  /coordinator is not available|not the correct coordinator|no leader for this topic-partition|leader is not available|does not host this topic-partition/i;

function quietKafkaLogger(): (entry: LogEntry) => void {
  return ({ namespace, label, log }) => {
    const error = typeof log.error === 'string' ? log.error : '';
    if (RETRIED_KAFKA_ERRORS.test(error)) return;
    console.error(`[kafkajs ${label}] ${namespace}: ${log.message}${error ? ` (${error})` : ''}`);
  };
}

/**
 * A kafkajs client for the test Kafka. It prints warnings and errors on one line each, and leaves out
 * the errors kafkajs retries by itself.
 */
export function testKafka(clientId = uniqueName('spillway-test-client')): Kafka {
  return new Kafka({
    clientId,
    brokers: [...KAFKA_BROKERS],
    connectionTimeout: 3000,
    logLevel: logLevel.WARN,
    logCreator: quietKafkaLogger,
  });
}

/** fetch() against the RabbitMQ management API; `path` starts with `/api/`. */
export function managementFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', RABBITMQ_MANAGEMENT.authorization);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  return fetch(`${RABBITMQ_MANAGEMENT.baseUrl}${path}`, { ...init, headers });
}

/** GET a management API path and parse its JSON; throws with the status and body on a non-2xx answer. */
export async function managementJson<T>(path: string): Promise<T> {
  const response = await managementFetch(path, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * Polls `check` until it returns a value other than undefined, or throws after `timeoutMs` with the
 * last error or value it saw. For state that settles asynchronously (management statistics, offsets).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 15_000, intervalMs = 250, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what} not reached within ${timeoutMs} ms (last: ${errorText(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
