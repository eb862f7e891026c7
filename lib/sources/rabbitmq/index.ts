// The RabbitMQ adapter: the management HTTP API for the inventory (nodes, vhosts, queues, exchanges,
// policies, consumers), AMQP only for checkQueue.
import { z } from 'zod';
import type { RabbitmqClusterConfig } from '../../config';
import { DeadlineError, withDeadline } from '../async';
import { type RabbitmqSourceOptions, type RabbitmqSourceSettings, SOURCE_DEFAULTS } from '../defaults';
import {
  Redactor,
  SourceConfigError,
  SourceError,
  SourceNotFoundError,
  SourceRequestError,
  SourceUnavailableError,
} from '../errors';
import type {
  RabbitmqQueueCheck,
  RabbitmqQueueInfo,
  RabbitmqSnapshot,
  RabbitmqSource,
  SourceIssue,
} from '../types';
import { AmqpChecker } from './amqp';
import { ackModes, perVhost, queueKey, toExchange, toNode, toPolicy, toQueueInfo } from './inventory';
import { apiPath, ManagementClient } from './management';
import {
  exchangeSchema,
  nodeSchema,
  overviewSchema,
  policySchema,
  queueSchema,
  vhostSchema,
} from './schemas';

export { apiPath, ManagementClient } from './management';

interface Endpoint {
  baseUrl: string;
  username: string;
  password: string;
  amqpPassword: string;
}

/** Management base URL without credentials, and the credentials: explicit > in the management URL > in amqpUrl > guest. */
export function managementEndpoint(c: RabbitmqClusterConfig): Endpoint {
  let mgmt: URL;
  let amqp: URL;
  try {
    mgmt = new URL(c.managementUrl);
    amqp = new URL(c.amqpUrl);
  } catch {
    throw new SourceConfigError(c.name, 'managementUrl or amqpUrl is not a valid URL');
  }
  const dec = (s: string) => (s ? decodeURIComponent(s) : '');
  const username = c.managementUser ?? (dec(mgmt.username) || dec(amqp.username) || 'guest');
  const password = c.managementPassword ?? (dec(mgmt.password) || dec(amqp.password) || 'guest');
  mgmt.username = '';
  mgmt.password = '';
  mgmt.search = '';
  mgmt.hash = '';
  return {
    baseUrl: mgmt.toString().replace(/\/+$/, ''),
    username,
    password,
    amqpPassword: dec(amqp.password),
  };
}

const byVhostName = (a: { vhost: string; name: string }, b: { vhost: string; name: string }): number =>
  a.vhost < b.vhost ? -1 : a.vhost > b.vhost ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

class RabbitmqAdapter implements RabbitmqSource {
  readonly kind = 'rabbitmq' as const;
  readonly cluster: string;
  private readonly api: ManagementClient;
  private readonly amqp: AmqpChecker;
  private readonly redactor: Redactor;
  private readonly vhosts: readonly string[] | undefined;
  private readonly settings: RabbitmqSourceSettings;
  private closed = false;

  constructor(c: RabbitmqClusterConfig, options: RabbitmqSourceOptions) {
    this.cluster = c.name;
    this.settings = { ...SOURCE_DEFAULTS.rabbitmq, ...options };
    const e = managementEndpoint(c);
    this.redactor = new Redactor([e.password, e.amqpPassword], [[e.username, e.password]]);
    this.vhosts = c.vhosts;
    this.api = new ManagementClient({
      cluster: c.name,
      baseUrl: e.baseUrl,
      username: e.username,
      password: e.password,
      timeoutMs: this.settings.requestTimeoutMs,
      pageSize: this.settings.pageSize,
      maxPages: this.settings.maxPages,
      redactor: this.redactor,
    });
    this.amqp = new AmqpChecker({
      cluster: c.name,
      amqpUrl: c.amqpUrl,
      connectTimeoutMs: this.settings.amqpConnectTimeoutMs,
      redactor: this.redactor,
    });
  }

  private async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new SourceError(this.cluster, `${operation}: the source is closed`);
    try {
      return await withDeadline(fn(), this.settings.operationTimeoutMs);
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (error instanceof DeadlineError) {
        throw new SourceUnavailableError(this.cluster, `${operation}: no answer within ${error.ms} ms`);
      }
      throw new SourceRequestError(this.cluster, `${operation}: ${this.redactor.describe(error)}`);
    }
  }

  snapshot(): Promise<RabbitmqSnapshot> {
    return this.run('snapshot', async () => {
      const issues: SourceIssue[] = [];
      const takenAt = Date.now();
      const optional = async <T>(scope: string, p: Promise<T[]>): Promise<T[]> => {
        try {
          return await p;
        } catch (error) {
          if (!(error instanceof SourceRequestError)) throw error;
          issues.push({ scope, message: error.message });
          return [];
        }
      };
      const vh = this.vhosts;
      const [overview, nodes, vhosts, queues, exchanges, policies, operatorPolicies, acks] =
        await Promise.all([
          this.api.get('/api/overview', overviewSchema),
          this.api.get('/api/nodes', z.array(nodeSchema)),
          this.api.get('/api/vhosts', z.array(vhostSchema)),
          perVhost(
            vh,
            'queues',
            () => this.api.getAll('/api/queues', queueSchema, (q) => queueKey(q.vhost, q.name)),
            (v) => this.api.getAll(apiPath('queues', v), queueSchema, (q) => queueKey(q.vhost, q.name)),
            this.redactor,
            issues,
          ),
          perVhost(
            vh,
            'exchanges',
            () => this.api.getAll('/api/exchanges', exchangeSchema, (x) => queueKey(x.vhost, x.name)),
            (v) => this.api.getAll(apiPath('exchanges', v), exchangeSchema, (x) => queueKey(x.vhost, x.name)),
            this.redactor,
            issues,
          ),
          perVhost(
            vh,
            'policies',
            () => this.api.get('/api/policies', z.array(policySchema)),
            (v) => this.api.get(apiPath('policies', v), z.array(policySchema)),
            this.redactor,
            issues,
          ),
          optional('operator-policies', this.api.get('/api/operator-policies', z.array(policySchema))),
          ackModes(this.api),
        ]);
      const wanted = vh ? new Set(vh) : undefined;
      const inScope = <T extends { vhost: string }>(x: T) => !wanted || wanted.has(x.vhost);
      return {
        kind: 'rabbitmq',
        cluster: this.cluster,
        takenAt,
        clusterName: overview.cluster_name ?? null,
        rabbitmqVersion: overview.rabbitmq_version ?? null,
        nodes: nodes.map(toNode).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        vhosts: vhosts
          .map((v) => v.name)
          .filter((v) => !wanted || wanted.has(v))
          .sort(),
        queues: queues
          .map((q) => toQueueInfo(q, acks.get(queueKey(q.vhost, q.name)) ?? null))
          .sort(byVhostName),
        exchanges: exchanges.map(toExchange).sort(byVhostName),
        policies: [
          ...policies.map((p) => toPolicy(p, false)),
          ...operatorPolicies.filter(inScope).map((p) => toPolicy(p, true)),
        ].sort(byVhostName),
        issues,
      };
    });
  }

  queue(vhost: string, name: string): Promise<RabbitmqQueueInfo> {
    return this.run('queue', async () => {
      try {
        const q = await this.api.get(apiPath('queues', vhost, name), queueSchema);
        const consumers = q.consumer_details ?? [];
        const manualAck = consumers.length === 0 ? null : consumers.some((c) => c.ack_required === true);
        return toQueueInfo(q, manualAck);
      } catch (error) {
        if (error instanceof SourceRequestError && error.status === 404) {
          throw new SourceNotFoundError(this.cluster, 'queue', name, vhost);
        }
        throw error;
      }
    });
  }

  checkQueue(vhost: string, name: string): Promise<RabbitmqQueueCheck> {
    return this.run('checkQueue', () => this.amqp.checkQueue(vhost, name));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.amqp.close();
  }
}

/** A source for a RabbitMQ broker/cluster. Nothing connects until the first call. */
export function createRabbitmqSource(
  cluster: RabbitmqClusterConfig,
  options: RabbitmqSourceOptions = {},
): RabbitmqSource {
  return new RabbitmqAdapter(cluster, options);
}
