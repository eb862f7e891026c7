import { metricsResponse } from '@/lib/api/lag-metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint: kafka-lag-exporter-compatible Kafka series, RabbitMQ queue gauges, Spillway status. */
export function GET(): Promise<Response> {
  return metricsResponse();
}
