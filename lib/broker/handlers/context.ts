import type { GroupCoordinator } from '../groups';
import type { LogManager } from '../log/types';
import type { Connection } from '../network/connection';
import type { ApiKey } from '../protocol/api-keys';
import type { RequestInput, RequestOf, ResponseInput } from '../protocol/codec';
import type { RequestHeader } from '../protocol/header';
import type { PlainAuthenticator } from '../sasl/plain';

/** Structured logging the broker needs; lib/logger's Logger satisfies it, so does a no-op. */
export interface BrokerLogger {
  debug(msg: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
  info(msg: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
  warn(msg: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
  error(msg: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
}

export const silentLogger: BrokerLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Who this broker is on the wire. */
export interface BrokerIdentity {
  readonly nodeId: number;
  readonly clusterId: string;
  /** Advertised host and port: what Metadata and FindCoordinator tell clients to connect to. */
  readonly host: string;
  readonly port: number;
}

export interface BrokerSettings {
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
}

/** Everything a request handler may use. Handlers never see concrete classes, only these seams. */
export interface BrokerCore {
  readonly identity: BrokerIdentity;
  readonly settings: BrokerSettings;
  readonly logs: LogManager;
  readonly groups: GroupCoordinator;
  readonly log: BrokerLogger;
  /** Allocates producer ids for InitProducerId (persisted so ids are never reused). */
  nextProducerId(): Promise<number>;
  /** Aborted when the broker starts shutting down: long polls answer at once. */
  readonly shutdown: AbortSignal;
  /** Called after a topic is deleted (drops its committed offsets). */
  onTopicDeleted?(topic: string): Promise<void> | void;
  /** SASL/PLAIN users when the listener requires authentication; undefined: no authentication. */
  readonly sasl?: PlainAuthenticator;
}

export interface RequestContext {
  readonly header: RequestHeader;
  readonly apiVersion: number;
  readonly conn: Connection;
  readonly core: BrokerCore;
}

/** A request handler: decoded body in, response body out; `null` sends no response (Produce acks=0). */
export type Handler<K extends ApiKey> = (
  body: RequestOf<K>,
  ctx: RequestContext,
) => ResponseInput<K> | null | Promise<ResponseInput<K> | null>;

/**
 * Thrown by a handler whose response must be the connection's last (Kafka closes after a failed SASL step):
 * the dispatcher encodes `body` as the response, writes it and closes the connection.
 */
export class RespondAndClose<K extends ApiKey> extends Error {
  constructor(
    readonly body: ResponseInput<K>,
    reason: string,
  ) {
    super(reason);
    this.name = 'RespondAndClose';
  }
}

export type { RequestInput };
