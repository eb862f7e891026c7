// The RabbitMQ management calls replay needs (read and write: policies, exchanges, queues, bindings) and
// AMQP connections per vhost. Credentials travel only in the Authorization header / AMQP URL; every error
// message is redacted.
import { type ChannelModel, connect } from 'amqplib';
import type { RabbitmqClusterConfig } from '../../../config';
import { Redactor } from '../../../sources/errors';
import { managementEndpoint } from '../../../sources/rabbitmq';
import { amqpUrlForVhost } from '../../../sources/rabbitmq/amqp';
import { ReplayError } from '../errors';

export const CAPTURE_EXCHANGE = 'spillway.capture';
export const ARCHIVE_PREFIX = 'spillway.archive.';
export const CAPTURE_POLICY_PREFIX = 'spillway-capture-';

export const archiveQueueOf = (queue: string) => `${ARCHIVE_PREFIX}${queue}`;
export const capturePolicyOf = (queue: string) => `${CAPTURE_POLICY_PREFIX}${queue}`;

const path = (...segments: string[]) => `/api/${segments.map((s) => encodeURIComponent(s)).join('/')}`;

export class Rabbit {
  private readonly base: string;
  private readonly authorization: string;
  readonly redactor: Redactor;

  constructor(readonly cluster: RabbitmqClusterConfig) {
    const ep = managementEndpoint(cluster);
    this.base = ep.baseUrl;
    this.authorization = `Basic ${Buffer.from(`${ep.username}:${ep.password}`).toString('base64')}`;
    this.redactor = new Redactor([ep.password, ep.amqpPassword], [[ep.username, ep.password]]);
  }

  /** A management call; returns the parsed JSON (undefined for 204/404 when allow404). */
  async request(method: string, segments: string[], body?: unknown, allow404 = false): Promise<unknown> {
    const p = path(...segments);
    let res: Response;
    try {
      res = await fetch(`${this.base}${p}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
        redirect: 'error',
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause ? error.cause : error;
      throw new ReplayError(
        `${this.cluster.name}: ${method} ${p}: ${this.redactor.describe(cause)}`,
        'unavailable',
      );
    }
    const text = await res.text();
    if (res.status === 404 && allow404) return undefined;
    if (!res.ok) {
      const detail = text.slice(0, 200).replace(/\s+/g, ' ');
      throw new ReplayError(
        this.redactor.redact(`${this.cluster.name}: ${method} ${p}: HTTP ${res.status} ${detail}`),
        res.status === 404 ? 'not-found' : res.status >= 500 ? 'unavailable' : 'bad-input',
      );
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  get(segments: string[], allow404 = false): Promise<unknown> {
    return this.request('GET', segments, undefined, allow404);
  }

  /** An AMQP connection to the vhost (the caller closes it), named `spillway <purpose> <pid>` in the management UI. */
  async amqp(vhost: string, purpose = 'replay'): Promise<ChannelModel> {
    try {
      return await connect(amqpUrlForVhost(this.cluster.amqpUrl, vhost), {
        timeout: 5000,
        clientProperties: { connection_name: `spillway ${purpose} ${process.pid}` },
      });
    } catch (error) {
      throw new ReplayError(
        `${this.cluster.name}: AMQP connect (vhost ${vhost}): ${this.redactor.describe(error)}`,
        'unavailable',
      );
    }
  }
}
