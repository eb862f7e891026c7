// The JSON body POSTed to webhooks. Identical across retries: receivers dedupe on `id`.
import type { Status } from '../lag/types';
import type { AlertRecord } from './records';

export interface AlertPayload {
  type: 'spillway.status-transition';
  version: 1;
  /** Alert id: increasing, unique per Spillway store. Retries carry the same id. */
  id: number;
  /** 'firing' for ERR/STOP/STALL, 'resolved' for the return to OK. */
  state: 'firing' | 'resolved';
  cluster: string;
  kind: 'group' | 'queue';
  entity: string;
  from: Status | null;
  to: Status;
  /** ISO time of the sample that showed the new status, and the same in epoch ms. */
  at: string;
  atMs: number;
  lag: number | null;
  lagSeconds: number | null;
  /** One human line (Slack- and Mattermost-compatible `text`). */
  text: string;
}

function describeLag(lag: number | null, seconds: number | null): string {
  const parts = [
    ...(lag !== null ? [`lag ${lag} message(s)`] : []),
    ...(seconds !== null ? [`${Math.round(seconds)} s behind`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function alertPayload(a: AlertRecord): AlertPayload {
  const state = a.to === 'OK' ? 'resolved' : 'firing';
  const what = a.kind === 'group' ? 'consumer group' : 'queue';
  return {
    type: 'spillway.status-transition',
    version: 1,
    id: a.id,
    state,
    cluster: a.cluster,
    kind: a.kind,
    entity: a.entity,
    from: a.from,
    to: a.to,
    at: new Date(a.at).toISOString(),
    atMs: a.at,
    lag: a.lag,
    lagSeconds: a.lagSeconds,
    text:
      `[${state === 'resolved' ? 'RESOLVED' : a.to}] ${a.cluster} ${what} ${a.entity}: ` +
      `${a.from ?? 'new'} → ${a.to}${describeLag(a.lag, a.lagSeconds)}`,
  };
}
