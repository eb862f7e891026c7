import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AlertDispatcher } from '../alerts/dispatcher';
import { writeLocalCliToken } from '../auth/cli-credentials';
import { createGate } from '../auth/gate';
import { redactText, secretsIn } from '../auth/redact';
import { ensureFirstAdmin } from '../auth/users';
import { type Config, embeddedClusterOf } from '../config';
import { demoController } from '../demo/controller';
import { LagSamplerService } from '../lag/sampler/service';
import type { Logger } from '../logger';
import { configEnv } from '../recovery/jobs/env';
import { JobRunnerService } from '../recovery/jobs/service';
import { ArchiveService } from '../recovery/replay/rabbitmq/archive-service';
import { openStore } from '../store';
import { VERSION } from '../version';
import { setRuntime } from './context';
import { EmbeddedBrokerService, embeddedBrokerOptions } from './embedded-broker';
import { createNextApp } from './next-app';
import { packageRoot } from './paths';
import { ServiceRegistry } from './services';

export interface StartOptions {
  config: Config;
  configSource: string;
  host: string;
  port: number;
  log: Logger;
  /** HTTPS certificate and key files (PEM); default config server.tls. */
  tls?: { cert: string; key: string };
  /** Serve a non-loopback host without TLS (a warning is printed); default config server.insecureAllowRemote. */
  insecureAllowRemote?: boolean;
  /** Where the first admin's password is shown, once (default: stdout). Never the logger. */
  announce?: (line: string) => void;
}

export interface RunningSpillway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new StartError(`port ${port} on ${host} is already in use; pick another with --port`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new StartError(`cannot bind to host ${host}: ${err.code}`));
      else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the whole Spillway process: the store, the background services (embedded broker, sampler, job
 * runner as they are added), then the production Next.js server. Services start once; stop() shuts
 * everything down in reverse order.
 */
export async function startSpillway(opts: StartOptions): Promise<RunningSpillway> {
  const { config, log } = opts;
  const tlsFiles = opts.tls ?? config.server.tls;
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (tlsFiles) {
    try {
      tls = { cert: readFileSync(tlsFiles.cert), key: readFileSync(tlsFiles.key) };
    } catch (err) {
      throw new StartError(`cannot read the TLS certificate or key (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  if (!isLoopback(opts.host) && !tls) {
    if (!(opts.insecureAllowRemote ?? config.server.insecureAllowRemote)) {
      throw new StartError(
        `refusing to serve ${opts.host} without TLS: passwords and session cookies would cross the network in clear. ` +
          'Pass --tls-cert FILE --tls-key FILE, or --insecure-allow-remote if a TLS proxy sits in front',
      );
    }
    log.warn(
      'INSECURE: serving a non-loopback address without TLS (--insecure-allow-remote); sign-ins travel in clear text',
      { host: opts.host },
    );
  }
  const store = openStore(config.dataDir);
  // First start: an admin with a random password, shown once on stdout and never logged.
  const firstPassword = await ensureFirstAdmin(store);
  if (firstPassword) {
    (opts.announce ?? ((l: string) => process.stdout.write(`${l}\n`)))(
      `Spillway admin user created: admin / ${firstPassword} (shown once; change it with \`spillway users passwd admin\`)`,
    );
  }
  // The local CLI's credential (lib/auth/cli-credentials.ts), replaced at every start.
  writeLocalCliToken(store, config.dataDir);
  const gate = createGate({ store, config: config.auth, tls: tls !== undefined, log });
  // Configured secrets (SASL/AMQP passwords, webhook headers, OIDC client secret), masked in error logs.
  const secrets = secretsIn(config);
  const services = new ServiceRegistry(log.child('services'));
  const embedded = embeddedClusterOf(config);
  const broker = embedded
    ? new EmbeddedBrokerService(embeddedBrokerOptions(config, embedded, log.child('broker')))
    : undefined;
  if (broker) services.add(broker);
  // Alerts: records the sampler's status transitions and POSTs them to the configured webhooks. Registered
  // before the sampler so that it stops after it (pending deliveries are then aborted and recorded).
  const alerts = new AlertDispatcher({ alerts: config.alerts, repo: store.alerts, log: log.child('alerts') });
  services.add(alerts);
  // The lag sampler polls every cluster; it starts after the broker so it can dial its real port.
  services.add(
    new LagSamplerService({
      config,
      store,
      log: log.child('sampler'),
      embeddedPort: () => broker?.running?.port,
      sinks: [alerts],
    }),
  );

  // Recovery jobs started through the API, and orphans to adopt; stops (at a checkpoint) before the broker.
  services.add(
    new JobRunnerService({
      store,
      env: configEnv(config, () => broker?.running?.port),
      log: log.child('jobs'),
    }),
  );

  // Captured RabbitMQ queues: their dead-lettered messages go into the archive (lib/recovery/replay).
  services.add(new ArchiveService({ config, store, log: log.child('archive') }));

  // The demo workload runs on demand (POST /api/demo); registered last so it stops first, before the broker.
  services.add({
    name: 'demo',
    start: async () => {},
    stop: async () => {
      await demoController().stop();
    },
  });

  setRuntime({
    config,
    configSource: opts.configSource,
    store,
    startedAt: Date.now(),
    version: VERSION,
    services: () => services.status(),
  });

  let app: Awaited<ReturnType<typeof createNextApp>> | undefined;
  // Every request goes through the gate (lib/auth/gate.ts) before Next.js: authentication, roles, CSRF,
  // body limits and security headers live there, so no route can forget them.
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const fail = (err: unknown) => {
      log.error('request failed', {
        url: req.url?.split('?')[0],
        error: redactText((err as Error).message, secrets),
      });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    };
    gate
      .handle(req, res, () => {
        if (!app) {
          res.statusCode = 503;
          res.end('starting');
          return;
        }
        return app.handler(req, res);
      })
      .catch(fail);
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  try {
    try {
      await services.startAll();
    } catch (err) {
      throw new StartError((err as Error).message);
    }
    app = await createNextApp(packageRoot(), { hostname: opts.host, port: opts.port }, log.child('next'));
    const port = await listen(server, opts.host, opts.port);
    const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}`;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 3000).unref();
        });
        await services.stopAll();
        await app?.close().catch(() => undefined);
        setRuntime(undefined);
        store.close();
      })();
      return stopping;
    };
    return { url, port, stop };
  } catch (err) {
    server.close();
    await services.stopAll();
    setRuntime(undefined);
    store.close();
    throw err;
  }
}
