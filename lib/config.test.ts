import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, embeddedClusterOf, formatPath, loadConfig } from './config';

function dirWith(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-config-'));
  writeFileSync(
    path.join(dir, 'spillway.config.json'),
    typeof config === 'string' ? config : JSON.stringify(config),
  );
  return dir;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('with no config file runs the embedded cluster only, data in ./.spillway', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'spillway-empty-'));
    const { config, source } = loadConfig({ cwd, env: {} });
    expect(source).toBe('defaults');
    expect(config.clusters).toHaveLength(1);
    expect(config.clusters[0]).toMatchObject({
      name: 'embedded',
      kind: 'embedded',
      port: 9092,
      fsync: 'group',
    });
    expect(config.dataDir).toBe(path.join(cwd, '.spillway'));
    expect(config.server).toEqual({ host: '127.0.0.1', port: 3000, insecureAllowRemote: false });
    expect(config.auth).toEqual({
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      loginMaxFailures: 5,
      loginWindowSeconds: 60,
    });
    expect(config.sampler.intervalMs).toBe(5000);
  });

  it('reads spillway.config.json from the working directory and fills defaults per cluster kind', () => {
    const cwd = dirWith({
      clusters: [
        {
          name: 'prod',
          kind: 'kafka',
          brokers: ['k1:9092', 'k2:9092'],
          sasl: { mechanism: 'plain', username: 'u', password: 'p' },
        },
        {
          name: 'mq',
          kind: 'rabbitmq',
          amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
          managementUrl: 'http://127.0.0.1:15672',
        },
      ],
    });
    const { config, source } = loadConfig({ cwd, env: {} });
    expect(source).toBe(path.join(cwd, 'spillway.config.json'));
    expect(config.clusters.map((c) => c.kind)).toEqual(['kafka', 'rabbitmq']);
    expect(config.clusters[0]).toMatchObject({ clientId: 'spillway', connectionTimeoutMs: 3000 });
    expect(embeddedClusterOf(config)).toBeUndefined();
  });

  it('names the offending key path and why for a wrong type', () => {
    const cwd = dirWith({ clusters: [{ name: 'k', kind: 'kafka', brokers: '127.0.0.1:9092' }] });
    const err = errorOf(() => loadConfig({ cwd, env: {} }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^clusters\[0\]\.brokers: .*expected array/);
  });

  it('rejects unknown keys, bad ports, duplicate names and a second embedded cluster', () => {
    const unknown = errorOf(() =>
      loadConfig({ cwd: dirWith({ sampler: { intervalMs: 5000, every: 1 } }), env: {} }),
    );
    expect(unknown.message).toMatch(/sampler: .*every/);
    const badPort = errorOf(() =>
      loadConfig({
        cwd: dirWith({ clusters: [{ name: 'k', kind: 'kafka', brokers: ['h:99999'] }] }),
        env: {},
      }),
    );
    expect(badPort.message).toMatch(/clusters\[0\]\.brokers\[0\]: port must be between/);
    const dup = errorOf(() =>
      loadConfig({
        cwd: dirWith({
          clusters: [
            { name: 'a', kind: 'embedded' },
            { name: 'a', kind: 'kafka', brokers: ['h:1'] },
          ],
        }),
        env: {},
      }),
    );
    expect(dup.message).toMatch(/clusters\[1\]\.name: duplicate cluster name "a"/);
    const two = errorOf(() =>
      loadConfig({
        cwd: dirWith({
          clusters: [
            { name: 'a', kind: 'embedded' },
            { name: 'b', kind: 'embedded', port: 9093 },
          ],
        }),
        env: {},
      }),
    );
    expect(two.message).toMatch(/clusters\[1\]\.kind: only one embedded cluster/);
    const kind = errorOf(() =>
      loadConfig({ cwd: dirWith({ clusters: [{ name: 'a', kind: 'pulsar' }] }), env: {} }),
    );
    expect(kind.message).toMatch(/^clusters\[0\]\.kind: /);
  });

  it('reports malformed JSON and a missing --config file clearly', () => {
    expect(errorOf(() => loadConfig({ cwd: dirWith('{"clusters": ['), env: {} })).message).toMatch(
      /not valid JSON/,
    );
    const err = errorOf(() => loadConfig({ configFile: '/nonexistent/spillway.json', env: {} }));
    expect(err.message).toBe('config file does not exist');
    expect(err.source).toBe('/nonexistent/spillway.json');
  });

  it('SPILLWAY_CONFIG, SPILLWAY_DATA_DIR, PORT and SPILLWAY_HOST override; --config wins over SPILLWAY_CONFIG', () => {
    const a = dirWith({ sampler: { intervalMs: 1000 } });
    const b = dirWith({ sampler: { intervalMs: 2000 } });
    const env = {
      SPILLWAY_CONFIG: path.join(a, 'spillway.config.json'),
      SPILLWAY_DATA_DIR: '/var/tmp/sw',
      PORT: '3999',
      SPILLWAY_HOST: '0.0.0.0',
    };
    const viaEnv = loadConfig({ cwd: '/', env }).config;
    expect(viaEnv.sampler.intervalMs).toBe(1000);
    expect(viaEnv.dataDir).toBe('/var/tmp/sw');
    expect(viaEnv.server).toEqual({ host: '0.0.0.0', port: 3999, insecureAllowRemote: false });
    const viaFlag = loadConfig({ cwd: '/', env, configFile: path.join(b, 'spillway.config.json') }).config;
    expect(viaFlag.sampler.intervalMs).toBe(2000);
    expect(errorOf(() => loadConfig({ cwd: '/', env: { PORT: 'abc' } })).message).toMatch(
      /PORT must be an integer/,
    );
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${VAR} syntax
  it('interpolates ${VAR} from the environment and names the key when the variable is missing', () => {
    const cwd = dirWith({
      clusters: [
        {
          name: 'k',
          kind: 'kafka',
          brokers: ['h:9092'],
          sasl: {
            mechanism: 'plain',
            username: 'u',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${VAR} syntax
            password: '${KAFKA_PW}',
          },
        },
      ],
    });
    const { config } = loadConfig({ cwd, env: { KAFKA_PW: 's3cret' } });
    const k = config.clusters[0];
    expect(k?.kind === 'kafka' && k.sasl?.password).toBe('s3cret');
    expect(errorOf(() => loadConfig({ cwd, env: {} })).message).toBe(
      'clusters[0].sasl.password: environment variable KAFKA_PW is not set',
    );
  });

  it('ad-hoc --kafka and --rabbitmq replace the configured clusters', () => {
    const cwd = dirWith({ clusters: [{ name: 'x', kind: 'embedded' }] });
    const { config } = loadConfig({
      cwd,
      env: {},
      kafka: '127.0.0.1:19092, 127.0.0.1:19093',
      rabbitmq: 'amqp://g:g@mq.local:5672',
    });
    expect(config.clusters).toEqual([
      expect.objectContaining({
        name: 'kafka',
        kind: 'kafka',
        brokers: ['127.0.0.1:19092', '127.0.0.1:19093'],
      }),
      expect.objectContaining({ name: 'rabbitmq', kind: 'rabbitmq', managementUrl: 'http://mq.local:15672' }),
    ]);
    expect(errorOf(() => loadConfig({ cwd, env: {}, kafka: 'nohost' })).message).toMatch(
      /^clusters\[0\]\.brokers\[0\]: expected HOST:PORT/,
    );
    expect(errorOf(() => loadConfig({ cwd, env: {}, rabbitmqManagement: 'http://h:15672' })).message).toMatch(
      /needs --rabbitmq/,
    );
  });

  it('formats paths like clusters[1].sasl.password', () => {
    expect(formatPath(['clusters', 1, 'sasl', 'password'])).toBe('clusters[1].sasl.password');
    expect(formatPath([])).toBe('(root)');
  });

  it('validates the auth section: OIDC client secret from the environment, unknown keys and bad values refused', () => {
    const cwd = dirWith({
      server: { tls: { cert: 'c.pem', key: 'k.pem' } },
      auth: {
        sessionIdleMinutes: 15,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Spillway's own ${ENV} interpolation
        oidc: { issuer: 'https://login.example.com', clientId: 'spillway', clientSecret: '${OIDC_SECRET}' },
      },
    });
    const { config } = loadConfig({ cwd, env: { OIDC_SECRET: 's3cret' } });
    expect(config.server.tls).toEqual({ cert: 'c.pem', key: 'k.pem' });
    expect(config.auth.sessionIdleMinutes).toBe(15);
    expect(config.auth.oidc).toMatchObject({
      clientSecret: 's3cret',
      defaultRole: 'viewer',
      scopes: ['openid', 'profile', 'email'],
    });
    expect(
      errorOf(() => loadConfig({ cwd: dirWith({ auth: { disabled: true } }), env: {} })).message,
    ).toMatch(/auth: Unrecognized key: "disabled"/);
    expect(
      errorOf(() =>
        loadConfig({ cwd: dirWith({ auth: { oidc: { issuer: 'not a url', clientId: 'x' } } }), env: {} }),
      ).message,
    ).toMatch(/^auth\.oidc\.issuer: /);
    expect(
      errorOf(() => loadConfig({ cwd: dirWith({ auth: { sessionMaxHours: 0 } }), env: {} })).message,
    ).toMatch(/^auth\.sessionMaxHours: /);
  });
});
