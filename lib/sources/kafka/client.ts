// kafkajs client options from Spillway's cluster config: brokers, TLS (PEM files read from disk), SASL
// plain/scram, timeouts and a short retry policy; and a log bridge that redacts and stays quiet.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, LogEntry, SASLOptions } from 'kafkajs';
import { logLevel } from 'kafkajs';
import type { EmbeddedClusterConfig, KafkaClusterConfig } from '../../config';
import { createLogger } from '../../logger';
import type { KafkaSourceOptions, KafkaSourceSettings } from '../defaults';
import { SOURCE_DEFAULTS } from '../defaults';
import { Redactor, SourceConfigError } from '../errors';

export type KafkaKindConfig = KafkaClusterConfig | EmbeddedClusterConfig;

export interface KafkaClientSetup {
  config: KafkaConfig;
  redactor: Redactor;
  /** Settings after defaults and overrides. */
  settings: KafkaSourceSettings;
}

/** Where the embedded broker listens, as a client must dial it (a wildcard bind is dialled on loopback). */
export function embeddedBootstrap(c: EmbeddedClusterConfig): string {
  const host = c.host === '0.0.0.0' || c.host === '::' || c.host === '' ? '127.0.0.1' : c.host;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${c.port}` : `${host}:${c.port}`;
}

function readPem(cluster: string, what: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SourceConfigError(cluster, `ssl.${what}: cannot read PEM file ${file} (${code})`);
  }
}

function tlsOptions(c: KafkaClusterConfig): ConnectionOptions | boolean | undefined {
  const ssl = c.ssl;
  if (ssl === undefined || typeof ssl === 'boolean') return ssl;
  const out: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized };
  const ca = readPem(c.name, 'ca', ssl.ca);
  const cert = readPem(c.name, 'cert', ssl.cert);
  const key = readPem(c.name, 'key', ssl.key);
  if (ca !== undefined) out.ca = [ca];
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  return out;
}

function saslOptions(c: KafkaKindConfig): SASLOptions | undefined {
  if (c.kind === 'embedded') {
    // Spillway's own clients of the embedded broker authenticate as its first SASL user.
    const user = c.sasl?.users[0];
    return user ? { mechanism: 'plain', username: user.username, password: user.password } : undefined;
  }
  const s = c.sasl;
  if (!s) return undefined;
  return { mechanism: s.mechanism, username: s.username, password: s.password };
}

const KAFKAJS_LEVEL: Record<number, string> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

/**
 * kafkajs logs every failed connection attempt as an error. The adapter reports failures to its caller
 * (SourceUnavailableError), so kafkajs's own lines go to debug, redacted.
 */
function logBridge(cluster: string, redactor: Redactor): KafkaConfig['logCreator'] {
  const log = createLogger(`sources.kafka.${cluster}`);
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      const error = typeof entry.error === 'string' ? ` (${entry.error})` : '';
      log.debug(
        redactor.redact(`kafkajs ${KAFKAJS_LEVEL[level] ?? level} ${namespace}: ${entry.message}${error}`),
      );
    };
}

/** kafkajs options for a Kafka cluster or the embedded broker. Throws SourceConfigError for unreadable PEM files. */
export function kafkaClientSetup(
  cluster: KafkaKindConfig,
  overrides: KafkaSourceOptions = {},
): KafkaClientSetup {
  const defaults = SOURCE_DEFAULTS.kafka;
  const fromConfig =
    cluster.kind === 'kafka'
      ? { connectionTimeoutMs: cluster.connectionTimeoutMs, requestTimeoutMs: cluster.requestTimeoutMs }
      : {};
  const settings = { ...defaults, ...fromConfig, ...overrides } as KafkaSourceSettings;
  const redactor = new Redactor(
    cluster.kind === 'kafka' ? [cluster.sasl?.password] : (cluster.sasl?.users ?? []).map((u) => u.password),
  );
  const config: KafkaConfig = {
    clientId: cluster.kind === 'kafka' ? cluster.clientId : 'spillway',
    brokers: cluster.kind === 'kafka' ? [...cluster.brokers] : [embeddedBootstrap(cluster)],
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    authenticationTimeout: settings.authenticationTimeoutMs,
    enforceRequestTimeout: true,
    retry: { ...settings.retry },
    logLevel: logLevel.WARN,
    logCreator: logBridge(cluster.name, redactor),
  };
  if (cluster.kind === 'kafka') {
    const ssl = tlsOptions(cluster);
    if (ssl !== undefined) config.ssl = ssl;
  }
  const sasl = saslOptions(cluster);
  if (sasl) config.sasl = sasl;
  return { config, redactor, settings };
}
