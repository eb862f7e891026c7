// What the RabbitMQ drain reads and changes on the broker: queue statistics and policies through the
// management API (lib/sources), and AMQP for the exact checks, declaring and deleting the temp queues.
// Errors are lib/sources errors (redacted: no credential ever reaches a message).
import type { Channel, ChannelModel } from 'amqplib';
import { connect } from 'amqplib';
import { z } from 'zod';
import type { RabbitmqClusterConfig } from '../../config';
import {
  createRabbitmqSource,
  SOURCE_DEFAULTS,
  SourceRequestError,
  SourceUnavailableError,
} from '../../sources';
import { withDeadline } from '../../sources/async';
import { Redactor } from '../../sources/errors';
import { apiPath, ManagementClient, managementEndpoint } from '../../sources/rabbitmq';
import { amqpUrlForVhost } from '../../sources/rabbitmq/amqp';
import { policySchema, queueSchema } from '../../sources/rabbitmq/schemas';
import type { RabbitmqQueueInfo, RabbitmqSource } from '../../sources/types';
import type { PolicyLike, QueueKind } from './policy';

export interface ExactQueueState {
  exists: boolean;
  ready: number;
  consumers: number;
}

export interface AppliedPolicy {
  policy: string | null;
  operatorPolicy: string | null;
  definition: Record<string, unknown>;
  arguments: Record<string, unknown>;
}

const NOT_FOUND = 404;
const PRECONDITION_FAILED = 406;

/** amqplib errors carry `code` (the AMQP reply code) and a message that may quote the URL. */
function replyCode(error: unknown): number | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
}

export class DrainRabbit {
  readonly cluster: string;
  readonly redactor: Redactor;
  readonly source: RabbitmqSource;
  private readonly api: ManagementClient;
  private connection: Promise<ChannelModel> | null = null;

  constructor(
    readonly config: RabbitmqClusterConfig,
    readonly vhost: string,
  ) {
    this.cluster = config.name;
    const e = managementEndpoint(config);
    this.redactor = new Redactor([e.password, e.amqpPassword], [[e.username, e.password]]);
    const d = SOURCE_DEFAULTS.rabbitmq;
    this.api = new ManagementClient({
      cluster: config.name,
      baseUrl: e.baseUrl,
      username: e.username,
      password: e.password,
      timeoutMs: d.requestTimeoutMs,
      pageSize: d.pageSize,
      maxPages: d.maxPages,
      redactor: this.redactor,
    });
    this.source = createRabbitmqSource(config);
  }

  /** The AMQP URL of the drain's vhost (credentials inside: never print it). */
  get amqpUrl(): string {
    return amqpUrlForVhost(this.config.amqpUrl, this.vhost);
  }

  /** One queue's statistics (SourceNotFoundError when missing). */
  queue(name: string): Promise<RabbitmqQueueInfo> {
    return this.source.queue(this.vhost, name);
  }

  /**
   * The policy RabbitMQ applied to a queue, or null while the management API does not report it yet: a
   * freshly declared queue is first answered without statistics, then with counts but still without its
   * policy fields, and only then whole (`effective_policy_definition` present, `{}` when none applies).
   */
  async appliedPolicy(name: string): Promise<AppliedPolicy | null> {
    const q = await this.api.get(apiPath('queues', this.vhost, name), queueSchema);
    if (q.effective_policy_definition === undefined) return null;
    const def = q.effective_policy_definition;
    return {
      policy: q.policy ?? null,
      operatorPolicy: q.operator_policy ?? null,
      definition: def && !Array.isArray(def) ? def : {},
      arguments: q.arguments ?? {},
    };
  }

  /** User policies of the vhost, and operator policies when the user may read them (else a note). */
  async policies(): Promise<{ policies: PolicyLike[]; notes: string[] }> {
    const notes: string[] = [];
    const toLike = (p: z.output<typeof policySchema>, operator: boolean): PolicyLike => ({
      name: p.name,
      pattern: p.pattern,
      applyTo: p['apply-to'] ?? 'all',
      priority: p.priority ?? 0,
      definition: p.definition ?? {},
      operator,
    });
    const user = await this.api.get(apiPath('policies', this.vhost), z.array(policySchema));
    let operator: Array<z.output<typeof policySchema>> = [];
    try {
      operator = await this.api.get(apiPath('operator-policies', this.vhost), z.array(policySchema));
    } catch (error) {
      if (!(error instanceof SourceRequestError)) throw error;
      notes.push(`operator policies not readable (${error.message}); checked after declaring`);
    }
    return {
      policies: [...user.map((p) => toLike(p, false)), ...operator.map((p) => toLike(p, true))],
      notes,
    };
  }

  private open(): Promise<ChannelModel> {
    if (this.connection) return this.connection;
    const timeout = SOURCE_DEFAULTS.rabbitmq.amqpConnectTimeoutMs;
    const opening = withDeadline(connect(this.amqpUrl, { timeout }), timeout).then(
      (model) => {
        const forget = () => {
          if (this.connection === opening) this.connection = null;
        };
        model.on('error', forget);
        model.on('close', forget);
        return model;
      },
      (error: unknown) => {
        this.connection = null;
        throw new SourceUnavailableError(this.cluster, `AMQP connect: ${this.redactor.describe(error)}`);
      },
    );
    this.connection = opening;
    return opening;
  }

  /** Runs `fn` on a fresh channel, closed afterwards; a channel error does not become unhandled. */
  private async withChannel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    const model = await this.open();
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Passive declare: exact ready count and consumers now; exists=false when the queue is missing. */
  exact(name: string): Promise<ExactQueueState> {
    return this.withChannel(async (channel) => {
      try {
        const ok = await channel.checkQueue(name);
        return { exists: true, ready: ok.messageCount, consumers: ok.consumerCount };
      } catch (error) {
        if (replyCode(error) === NOT_FOUND) return { exists: false, ready: 0, consumers: 0 };
        throw new SourceUnavailableError(this.cluster, `AMQP checkQueue: ${this.redactor.describe(error)}`);
      }
    });
  }

  /** Declares a durable temp queue of the source's type (classic or quorum). */
  async declareTemp(name: string, kind: QueueKind): Promise<void> {
    await this.withChannel(async (channel) => {
      try {
        await channel.assertQueue(name, {
          durable: true,
          autoDelete: false,
          exclusive: false,
          arguments: { 'x-queue-type': kind },
        });
      } catch (error) {
        throw new SourceRequestError(
          this.cluster,
          `declare queue "${name}": ${this.redactor.describe(error)}`,
          replyCode(error),
        );
      }
    });
  }

  /**
   * Deletes a temp queue only if it holds no ready message: `if-empty` for classic queues (RabbitMQ
   * refuses when messages are there); quorum queues do not implement if-empty, so for them the exact ready
   * count is read right before a plain delete (nothing publishes to a temp queue once the dispatcher has
   * stopped). Returns false when messages are there; true when deleted or already gone.
   */
  async deleteIfEmpty(name: string, kind: QueueKind = 'classic'): Promise<boolean> {
    if (kind !== 'classic') {
      const exact = await this.exact(name);
      if (!exact.exists) return true;
      if (exact.ready > 0) return false;
    }
    return this.withChannel(async (channel) => {
      try {
        await channel.deleteQueue(name, kind === 'classic' ? { ifEmpty: true } : {});
        return true;
      } catch (error) {
        const code = replyCode(error);
        if (code === PRECONDITION_FAILED) return false;
        if (code === NOT_FOUND) return true;
        throw new SourceRequestError(
          this.cluster,
          `delete queue "${name}": ${this.redactor.describe(error)}`,
          code,
        );
      }
    });
  }

  async close(): Promise<void> {
    const c = this.connection;
    this.connection = null;
    await Promise.allSettled([c ? c.then((m) => m.close()) : Promise.resolve(), this.source.close()]);
  }
}
