/**
 * The composition root of the embedded broker: the only file that wires concrete parts together
 * (storage, group coordinator, identity, network). Everything else depends on interfaces.
 */
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { createDispatcher } from './dispatch';
import { type GroupConfig, GroupCoordinator } from './groups';
import { type BrokerCore, type BrokerLogger, silentLogger } from './handlers/context';
import { HANDLERS } from './handlers/index';
import { BrokerIdentityStore } from './identity';
import { type LogManager, openLogManager } from './log';
import { Listener } from './network/listener';
import { PlainAuthenticator, type SaslOptions } from './sasl/plain';

export interface BrokerOptions {
  /** Data directory (or `file://` URL): topics, offsets and identity live under it. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port (see Broker.port). */
  port?: number;
  /** What clients are told to connect to; default: host (or 127.0.0.1 when host is 0.0.0.0/::). */
  advertisedHost?: string;
  nodeId?: number;
  autoCreateTopics?: boolean;
  defaultPartitions?: number;
  /** 'group' (default: fsync before acknowledging, shared by concurrent writes), 'always', 'never', 'interval:<ms>'. */
  fsync?: string;
  /** Broker-level topic config defaults by Kafka name, e.g. { 'retention.ms': '3600000' }. */
  topicDefaults?: Record<string, string>;
  maxConnections?: number;
  maxFrameBytes?: number;
  /** Require SASL/PLAIN authentication from every client (users and passwords; passwords never logged). */
  sasl?: SaslOptions;
  groups?: Partial<GroupConfig>;
  retentionCheckIntervalMs?: number;
  logger?: BrokerLogger;
}

export const BROKER_DEFAULTS = {
  host: '127.0.0.1',
  port: 9092,
  nodeId: 1,
  autoCreateTopics: true,
  defaultPartitions: 1,
  fsync: 'group',
  maxConnections: 1000,
  maxFrameBytes: 100 * 1024 * 1024,
  retentionCheckIntervalMs: 5 * 60 * 1000,
} as const;

/** Largest frame accepted before a SASL client has authenticated (Kafka's sasl.server.max.receive.size). */
export const SASL_PRE_AUTH_MAX_FRAME_BYTES = 512 * 1024;

export interface Broker {
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  readonly nodeId: number;
  readonly logs: LogManager;
  readonly groups: GroupCoordinator;
  readonly connectionCount: number;
  /** Stops accepting, answers what is in flight, then flushes and fsyncs everything. */
  close(): Promise<void>;
}

function storagePath(dataDir: string): string {
  return dataDir.startsWith('file://') ? new URL(dataDir).pathname : dataDir;
}

export async function createBroker(options: BrokerOptions): Promise<Broker> {
  const o = { ...BROKER_DEFAULTS, ...options };
  const log = options.logger ?? silentLogger;
  // Checked before anything is opened: a bad user list is a configuration error.
  const sasl = options.sasl ? new PlainAuthenticator(options.sasl.users) : undefined;
  const root = storagePath(o.dataDir);
  const identity = await BrokerIdentityStore.open(root, o.nodeId);
  const logs = await openLogManager(path.join(root, 'logs'), {
    fsync: o.fsync,
    defaultPartitions: o.defaultPartitions,
    ...(o.topicDefaults ? { topicDefaults: o.topicDefaults } : {}),
    retentionCheckIntervalMs: o.retentionCheckIntervalMs,
    warn: (m) => log.warn(m),
  });
  let groups: GroupCoordinator;
  try {
    groups = await GroupCoordinator.open({
      dataDir: path.join(root, 'groups'),
      ...(o.groups ? { config: o.groups } : {}),
      partitionExists: (topic, partition) => {
        const t = logs.topic(topic);
        return t !== undefined && partition >= 0 && partition < t.partitions;
      },
      onWarning: (m) => log.warn(m),
    });
  } catch (err) {
    await logs.close();
    throw err;
  }

  const advertisedHost = o.advertisedHost ?? (o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host);
  const identityView = {
    nodeId: o.nodeId,
    clusterId: identity.clusterId,
    host: advertisedHost,
    port: o.port,
  };
  const shutdown = new AbortController();
  // Every Fetch waiting for data listens to it (removed when the wait ends): dozens with many consumers.
  setMaxListeners(0, shutdown.signal);
  const core: BrokerCore = {
    identity: identityView,
    settings: { autoCreateTopics: o.autoCreateTopics, defaultPartitions: o.defaultPartitions },
    logs,
    groups,
    log,
    nextProducerId: () => identity.nextProducerId(),
    shutdown: shutdown.signal,
    onTopicDeleted: async (topic) => {
      await groups.deleteTopicOffsets(topic);
    },
    ...(sasl ? { sasl } : {}),
  };
  const listener = new Listener({
    host: o.host,
    port: o.port,
    maxConnections: o.maxConnections,
    maxFrameBytes: o.maxFrameBytes,
    ...(sasl ? { preAuthMaxFrameBytes: SASL_PRE_AUTH_MAX_FRAME_BYTES } : {}),
    handler: createDispatcher(core, HANDLERS),
    onConnectionError: (conn, err) =>
      log.warn('connection error', { conn: conn.remoteAddress, error: err.message }),
    onConnectionClose: (conn, reason) => {
      if (reason) log.debug('connection closed', { conn: conn.remoteAddress, reason });
    },
    onRejected: (socket, reason) => log.warn('connection refused', { from: socket.remoteAddress, reason }),
  });
  let port: number;
  try {
    port = await listener.listen();
  } catch (err) {
    await groups.close();
    await logs.close();
    throw err;
  }
  // With port 0 the real port is known only now; Metadata must advertise it.
  identityView.port = port;
  logs.startRetention(o.retentionCheckIntervalMs);
  log.info('broker listening', {
    host: o.host,
    port,
    clusterId: identity.clusterId,
    dataDir: root,
    fsync: o.fsync,
    sasl: sasl ? `PLAIN (${options.sasl?.users.length} users)` : 'off',
  });

  let closing: Promise<void> | undefined;
  return {
    host: o.host,
    port,
    clusterId: identity.clusterId,
    nodeId: o.nodeId,
    logs,
    groups,
    get connectionCount() {
      return listener.connectionCount;
    },
    close: () => {
      closing ??= (async () => {
        shutdown.abort();
        await listener.close();
        logs.stopRetention();
        await groups.close();
        await logs.close();
        log.info('broker stopped', { port });
      })();
      return closing;
    },
  };
}
