import path from 'node:path';
import { type Broker, type BrokerOptions, createBroker } from '../broker/server';
import type { Config, EmbeddedClusterConfig } from '../config';
import type { Logger } from '../logger';
import type { BackgroundService } from './services';

/** Broker options for the configured embedded cluster; its data lives in `<dataDir>/broker` by default. */
export function embeddedBrokerOptions(
  config: Config,
  cluster: EmbeddedClusterConfig,
  log: Logger,
): BrokerOptions {
  return {
    dataDir: cluster.dataDir ? path.resolve(cluster.dataDir) : path.join(config.dataDir, 'broker'),
    host: cluster.host,
    port: cluster.port,
    autoCreateTopics: cluster.autoCreateTopics,
    defaultPartitions: cluster.defaultPartitions,
    fsync: cluster.fsync,
    maxConnections: cluster.maxConnections,
    maxFrameBytes: cluster.maxFrameBytes,
    ...(cluster.sasl ? { sasl: { mechanism: 'plain', users: cluster.sasl.users } } : {}),
    logger: log,
  };
}

/** The embedded broker as a background service of the Spillway process. */
export class EmbeddedBrokerService implements BackgroundService {
  readonly name = 'embedded-broker';
  private broker: Broker | undefined;

  constructor(private readonly options: BrokerOptions) {}

  get running(): Broker | undefined {
    return this.broker;
  }

  async start(): Promise<void> {
    try {
      this.broker = await createBroker(this.options);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') {
        throw new Error(
          `the embedded broker cannot listen on ${this.options.host}:${this.options.port}: the port is in use (set "port" on the embedded cluster in spillway.config.json)`,
        );
      }
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.broker?.close();
    this.broker = undefined;
  }
}
