// JSON shapes of Spillway's HTTP API. Pure types: safe to import from client components.
import type { PublicCluster } from '../clusters/public';
import type { ServiceStatus } from '../runtime/services';

export type { PublicCluster, ServiceStatus };

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  services: ServiceStatus[];
}

export interface ClustersResponse {
  clusters: PublicCluster[];
  configSource: 'file' | 'defaults';
}

export interface ApiErrorBody {
  error: string;
  issues?: { path: string; message: string }[];
}
