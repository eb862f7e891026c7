import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertDispatcher } from '../alerts/dispatcher';
import { type Config, embeddedClusterOf } from '../config';
import { demoController } from '../demo/controller';
import { LagSamplerService } from '../lag/sampler/service';
import type { Logger } from '../logger';
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
  if (!LOOPBACK.has(opts.host)) {
    log.warn('binding the dashboard to a non-loopback address; anyone who can reach it can use it', {
      host: opts.host,
    });
  }
  const store = openStore(config.dataDir);
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
  const server = createServer((req, res) => {
    if (!app) {
      res.statusCode = 503;
      res.end('starting');
      return;
    }
    app.handler(req, res).catch((err: unknown) => {
      log.error('request failed', { url: req.url, error: (err as Error).message });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  try {
    try {
      await services.startAll();
    } catch (err) {
      throw new StartError((err as Error).message);
    }
    app = await createNextApp(packageRoot(), { hostname: opts.host, port: opts.port }, log.child('next'));
    const port = await listen(server, opts.host, opts.port);
    const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const url = `http://${shownHost}:${port}`;
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
