import type { PublicCluster } from '@/lib/api/types';

export const KIND_LABEL: Record<PublicCluster['kind'], string> = {
  embedded: 'Embedded broker',
  kafka: 'Apache Kafka',
  rabbitmq: 'RabbitMQ',
};
