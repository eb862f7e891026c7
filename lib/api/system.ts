import { toPublicCluster } from '../clusters/public';
import { getRuntime } from '../runtime/context';
import type { ClustersResponse, HealthResponse } from './types';

export function healthReport(now = Date.now()): HealthResponse {
  const rt = getRuntime();
  const services = rt.services();
  return {
    status: services.some((s) => s.state === 'failed') ? 'degraded' : 'ok',
    version: rt.version,
    startedAt: new Date(rt.startedAt).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((now - rt.startedAt) / 1000)),
    services,
  };
}

export function clusterList(): ClustersResponse {
  const rt = getRuntime();
  return {
    clusters: rt.config.clusters.map(toPublicCluster),
    configSource: rt.configSource === 'defaults' ? 'defaults' : 'file',
  };
}
