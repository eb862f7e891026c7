// Where the sampler gets its sources. Tests and the bench may pass their own factory.
import type { ClusterConfig } from '../../config';
import { createKafkaSource } from '../../sources/kafka';
import type { Source } from '../../sources/types';

export type SourceFactory = (cluster: ClusterConfig) => Source;

export const defaultSourceFactory: SourceFactory = (cluster) => {
  if (cluster.kind === 'rabbitmq') throw new Error(`${cluster.name}: RabbitMQ source not available yet`);
  return createKafkaSource(cluster);
};
