// The alert history as stored and as `GET /api/alerts` returns it. Pure types: safe for client components.
import type { Status } from '../lag/types';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface AlertDelivery {
  /** Index of the webhook in the configuration's alerts.webhooks. */
  webhook: number;
  /** Scheme, host and port only: webhook paths and headers often carry tokens. */
  url: string;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt; null when it got no answer. */
  httpStatus: number | null;
  lastError: string | null;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

export interface AlertRecord {
  id: number;
  cluster: string;
  kind: 'group' | 'queue';
  entity: string;
  from: Status | null;
  to: Status;
  /** Epoch ms of the sample that showed the new status. */
  at: number;
  lag: number | null;
  lagSeconds: number | null;
  /** Epoch ms the alert was recorded. */
  createdAt: number;
  deliveries: AlertDelivery[];
}

export interface AlertQuery {
  cluster?: string;
  kind?: 'group' | 'queue';
  entity?: string;
  /** Only alerts with an id below this one (paging back). */
  before?: number;
  limit: number;
}

/** `GET /api/alerts`: newest first; `nextBefore` pages back (null on the last page). */
export interface AlertsResponse {
  alerts: AlertRecord[];
  nextBefore: number | null;
  /** Configured webhooks, scheme/host/port only: never their paths or headers. */
  webhooks: Array<{ index: number; url: string }>;
}
