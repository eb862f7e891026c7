import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { authSchema, serverTlsSchema } from './auth/config';

/** A `host:port` pair; IPv6 literals in brackets (`[::1]:9092`). */
const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/, 'expected HOST:PORT, e.g. "127.0.0.1:9092"')
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'port must be between 1 and 65535');

const port = z.number().int().min(0).max(65535);
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, ".", "_" or "-" (it appears in URLs)');

const tls = z.union([
  z.boolean(),
  z.strictObject({
    ca: z.string().optional().describe('PEM file path'),
    cert: z.string().optional().describe('PEM file path'),
    key: z.string().optional().describe('PEM file path'),
    rejectUnauthorized: z.boolean().default(true),
  }),
]);

const sasl = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** SASL/PLAIN users of the embedded broker (passwords: use `${VAR}` interpolation; never logged or returned). */
export const embeddedSaslUsers = z
  .array(
    z.strictObject({
      username: z
        .string()
        .min(1)
        .refine((u) => !u.includes('\0'), 'must not contain a NUL character'),
      password: z.string().min(1),
    }),
  )
  .min(1, 'list at least one user')
  .superRefine((users, ctx) => {
    const seen = new Set<string>();
    for (const [i, u] of users.entries()) {
      if (seen.has(u.username))
        ctx.addIssue({ code: 'custom', path: [i, 'username'], message: `duplicate user "${u.username}"` });
      seen.add(u.username);
    }
  });

const embeddedSasl = z.strictObject({
  mechanism: z.literal('plain').default('plain'),
  /** Spillway's own clients of the embedded broker authenticate as the first user. */
  users: embeddedSaslUsers,
});

export const fsyncPolicy = z
  .string()
  .regex(/^(group|always|never|interval:\d+)$/, 'expected "group", "always", "never" or "interval:<ms>"');

export const embeddedCluster = z.strictObject({
  name,
  kind: z.literal('embedded'),
  host: z.string().min(1).default('127.0.0.1'),
  port: port.default(9092),
  /** Broker data directory; default `<dataDir>/broker`. */
  dataDir: z.string().min(1).optional(),
  autoCreateTopics: z.boolean().default(true),
  defaultPartitions: z.number().int().min(1).max(10_000).default(1),
  fsync: fsyncPolicy.default('group'),
  maxConnections: z.number().int().min(1).default(1000),
  maxFrameBytes: z
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** Require SASL/PLAIN from Kafka clients of the embedded broker. */
  sasl: embeddedSasl.optional(),
});

export const kafkaCluster = z.strictObject({
  name,
  kind: z.literal('kafka'),
  brokers: z.array(hostPort).min(1, 'list at least one broker'),
  clientId: z.string().min(1).default('spillway'),
  ssl: tls.optional(),
  sasl: sasl.optional(),
  connectionTimeoutMs: z.number().int().min(100).default(3000),
  requestTimeoutMs: z.number().int().min(100).default(30_000),
});

export const rabbitmqCluster = z.strictObject({
  name,
  kind: z.literal('rabbitmq'),
  amqpUrl: z.url({ protocol: /^amqps?$/, error: 'expected an amqp:// or amqps:// URL' }),
  managementUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** Management API credentials; default: the user and password of amqpUrl. */
  managementUser: z.string().min(1).optional(),
  managementPassword: z.string().min(1).optional(),
  /** Only these vhosts; default: all the user can see. */
  vhosts: z.array(z.string().min(1)).optional(),
});

export const cluster = z.discriminatedUnion('kind', [embeddedCluster, kafkaCluster, rabbitmqCluster]);

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    dataDir: z.string().min(1).default('.spillway'),
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(3000),
        /** HTTPS for the dashboard (`--tls-cert`/`--tls-key`); session cookies are then Secure. */
        tls: serverTlsSchema.optional(),
        /** Allows a non-loopback host without TLS (`--insecure-allow-remote`); a warning is printed. */
        insecureAllowRemote: z.boolean().default(false),
      })
      .prefault({}),
    sampler: z
      .strictObject({
        intervalMs: z.number().int().min(500).max(3_600_000).default(5000),
        /** Raw samples are kept this long, then only 1-minute rollups. */
        rawRetentionMs: z.number().int().min(60_000).default(3_600_000),
        /** 1-minute rollups are kept this long. */
        rollupRetentionMs: z
          .number()
          .int()
          .min(3_600_000)
          .default(7 * 24 * 3_600_000),
      })
      .prefault({}),
    /** Burrow-style status evaluation (see lib/lag/README.md). */
    lag: z
      .strictObject({
        windowSize: z.number().int().min(2).max(100).default(10),
        allowedLag: z.number().int().min(0).default(0),
        minDistanceMs: z.number().int().min(0).default(1000),
        minCompleteness: z.number().min(0).max(1).default(0),
        minStopMs: z.number().int().min(0).default(60_000),
      })
      .prefault({}),
    /** Status transitions into ERR/STOP/STALL (and back to OK) are recorded and POSTed to these webhooks. */
    alerts: z
      .strictObject({
        webhooks: z
          .array(
            z.strictObject({
              url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
              /** Extra request headers, e.g. an Authorization token (never shown in the UI or logs). */
              headers: z.record(z.string(), z.string()).default({}),
            }),
          )
          .default([]),
        timeoutMs: z.number().int().min(100).max(60_000).default(5000),
        retries: z.number().int().min(0).max(10).default(3),
      })
      .prefault({}),
    /** Sign-in, sessions and OIDC (lib/auth/config.ts). */
    auth: authSchema,
    clusters: z.array(cluster).default(() => [embeddedCluster.parse({ name: 'embedded', kind: 'embedded' })]),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.clusters.forEach((c, i) => {
      const prev = seen.get(c.name);
      if (prev !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', i, 'name'],
          message: `duplicate cluster name "${c.name}" (also clusters[${prev}])`,
        });
      }
      seen.set(c.name, i);
    });
    const embedded = cfg.clusters.flatMap((c, i) => (c.kind === 'embedded' ? [i] : []));
    if (embedded.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['clusters', embedded[1] ?? 0, 'kind'],
        message: 'only one embedded cluster can run in a Spillway process',
      });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ClusterConfig = Config['clusters'][number];
export type EmbeddedClusterConfig = z.output<typeof embeddedCluster>;
export type KafkaClusterConfig = z.output<typeof kafkaCluster>;
export type RabbitmqClusterConfig = z.output<typeof rabbitmqCluster>;

// ---------------------------------------------------------------------------------------------------------
// Loading: file → env interpolation → env overrides → ad-hoc CLI clusters → validation.

export const CONFIG_FILE_NAME = 'spillway.config.json';

type Env = Readonly<Record<string, string | undefined>>;

/** A configuration problem the user must fix. The CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** `--config FILE`; wins over SPILLWAY_CONFIG and ./spillway.config.json. */
  configFile?: string;
  /** `--kafka HOST:PORT[,HOST:PORT]`: an ad-hoc Kafka cluster named "kafka". */
  kafka?: string;
  /** `--rabbitmq AMQP_URL`: an ad-hoc RabbitMQ cluster named "rabbitmq". */
  rabbitmq?: string;
  /** `--rabbitmq-management HTTP_URL`, default http://<amqp host>:15672. */
  rabbitmqManagement?: string;
  env?: Env;
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from: a file path, or "defaults". */
  source: string;
}

/** Formats a zod issue path as `clusters[1].brokers`. */
export function formatPath(p: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(root)';
}

function interpolate(value: unknown, env: Env, at: PropertyKey[], source: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) {
        throw new ConfigError(`${formatPath(at)}: environment variable ${name} is not set`, source);
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...at, i], source));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...at, k], source)]),
    );
  }
  return value;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`cannot read config file (${code})`, file);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`not valid JSON: ${(err as Error).message}`, file);
  }
}

function envNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer, got "${raw}"`, 'environment');
  return n;
}

function adHocClusters(opts: LoadConfigOptions): unknown[] | undefined {
  const out: unknown[] = [];
  if (opts.kafka)
    out.push({ name: 'kafka', kind: 'kafka', brokers: opts.kafka.split(',').map((s) => s.trim()) });
  if (opts.rabbitmq) {
    let mgmt = opts.rabbitmqManagement;
    if (!mgmt) {
      try {
        mgmt = `http://${new URL(opts.rabbitmq).hostname}:15672`;
      } catch {
        mgmt = 'http://127.0.0.1:15672';
      }
    }
    out.push({ name: 'rabbitmq', kind: 'rabbitmq', amqpUrl: opts.rabbitmq, managementUrl: mgmt });
  } else if (opts.rabbitmqManagement) {
    throw new ConfigError('--rabbitmq-management needs --rabbitmq AMQP_URL as well', 'command line');
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Loads and validates the configuration. Throws ConfigError naming the offending key path.
 * Precedence: `--config` > SPILLWAY_CONFIG > ./spillway.config.json > built-in defaults (embedded cluster only);
 * then env overrides (SPILLWAY_DATA_DIR, PORT, SPILLWAY_HOST, SPILLWAY_SAMPLER_INTERVAL_MS); then ad-hoc
 * `--kafka`/`--rabbitmq` clusters, which replace the configured cluster list.
 */
export function loadConfig(opts: LoadConfigOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let file = opts.configFile ?? env.SPILLWAY_CONFIG;
  if (file) {
    file = path.resolve(cwd, file);
    if (!existsSync(/*turbopackIgnore: true*/ file))
      throw new ConfigError('config file does not exist', file);
  } else if (existsSync(/*turbopackIgnore: true*/ path.join(cwd, CONFIG_FILE_NAME))) {
    file = path.join(cwd, CONFIG_FILE_NAME);
  }
  const source = file ?? 'defaults';
  const raw = file ? interpolate(readJson(file), env, [], source) : {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('(root): expected a JSON object', source);
  }
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (env.SPILLWAY_DATA_DIR) input.dataDir = env.SPILLWAY_DATA_DIR;
  const server = { ...((input.server as object | undefined) ?? {}) } as Record<string, unknown>;
  const port = envNumber(env, 'PORT');
  if (port !== undefined) server.port = port;
  if (env.SPILLWAY_HOST) server.host = env.SPILLWAY_HOST;
  input.server = server;
  const interval = envNumber(env, 'SPILLWAY_SAMPLER_INTERVAL_MS');
  if (interval !== undefined)
    input.sampler = { ...((input.sampler as object | undefined) ?? {}), intervalMs: interval };
  const adHoc = adHocClusters(opts);
  if (adHoc) input.clusters = adHoc;

  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(lines.join('\n'), source);
  }
  const config = parsed.data;
  config.dataDir = path.resolve(cwd, config.dataDir);
  return { config, source };
}

/** The embedded cluster's entry, if the configuration runs one. */
export function embeddedClusterOf(config: Config): EmbeddedClusterConfig | undefined {
  return config.clusters.find((c): c is EmbeddedClusterConfig => c.kind === 'embedded');
}
