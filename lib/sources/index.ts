// lib/sources: one interface per system kind, one adapter each (STYLE 7). Callers get Spillway's own types
// (types.ts); kafkajs and amqplib stay inside this folder.
import type { ClusterConfig } from '../config';
import type { SourceOptions } from './defaults';
import { createKafkaSource } from './kafka';
import { createRabbitmqSource } from './rabbitmq';
import type { KafkaSource, RabbitmqSource, Source } from './types';

export {
  type KafkaSourceOptions,
  type KafkaSourceSettings,
  type RabbitmqSourceOptions,
  type RabbitmqSourceSettings,
  type RetryPolicy,
  SOURCE_DEFAULTS,
  type SourceOptions,
} from './defaults';
export {
  SourceAuthError,
  SourceConfigError,
  SourceError,
  SourceNotFoundError,
  SourceRequestError,
  SourceUnavailableError,
} from './errors';
export {
  createKafkaSource,
  deriveHealth,
  embeddedBootstrap,
  isUnderMinIsr,
  isUnderReplicated,
} from './kafka';
export { lagInputs } from './lag-inputs';
export { createRabbitmqSource } from './rabbitmq';
export type * from './types';

/**
 * The source for a configured cluster: the Kafka adapter for `kafka` and `embedded` (at host:port), the
 * RabbitMQ adapter for `rabbitmq`. Lazy: nothing connects before the first call. Close it when done.
 */
export function createSource(
  cluster: ClusterConfig & { kind: 'kafka' | 'embedded' },
  options?: SourceOptions,
): KafkaSource;
export function createSource(
  cluster: ClusterConfig & { kind: 'rabbitmq' },
  options?: SourceOptions,
): RabbitmqSource;
export function createSource(cluster: ClusterConfig, options?: SourceOptions): Source;
export function createSource(cluster: ClusterConfig, options: SourceOptions = {}): Source {
  if (cluster.kind === 'rabbitmq') return createRabbitmqSource(cluster, options.rabbitmq);
  return createKafkaSource(cluster, options.kafka);
}
