// The alert history (migrations/021-alerts.ts): alerts and their per-webhook deliveries.
import type { AlertDelivery, AlertQuery, AlertRecord, DeliveryStatus } from '../alerts/records';
import type { StatusTransition } from '../alerts/types';
import type { Status } from '../lag/types';
import type { Db } from './database';

interface AlertRow {
  id: number;
  cluster: string;
  kind: 'group' | 'queue';
  entity: string;
  from_status: string | null;
  to_status: string;
  at: number;
  lag: number | null;
  lag_seconds: number | null;
  created_at: number;
}

interface DeliveryRow {
  alert_id: number;
  webhook: number;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  http_status: number | null;
  last_error: string | null;
  updated_at: number;
}

export interface DeliveryUpdate {
  status: DeliveryStatus;
  attempts: number;
  httpStatus: number | null;
  lastError: string | null;
}

const toDelivery = (r: DeliveryRow): AlertDelivery => ({
  webhook: r.webhook,
  url: r.url,
  status: r.status,
  attempts: r.attempts,
  httpStatus: r.http_status,
  lastError: r.last_error,
  updatedAt: r.updated_at,
});

const intOrNull = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n));
const realOrNull = (n: number | null) => (n === null || !Number.isFinite(n) ? null : n);

export class AlertsRepository {
  private readonly insertAlert;
  private readonly insertDelivery;
  private readonly updateStmt;

  constructor(private readonly db: Db) {
    this.insertAlert = db.prepare<unknown[], { id: number }>(
      `INSERT INTO alerts (cluster, kind, entity, from_status, to_status, at, lag, lag_seconds, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    this.insertDelivery = db.prepare(
      `INSERT INTO alert_deliveries (alert_id, webhook, url, status, attempts, updated_at) VALUES (?, ?, ?, 'pending', 0, ?)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE alert_deliveries SET status = ?, attempts = ?, http_status = ?, last_error = ?, updated_at = ?
       WHERE alert_id = ? AND webhook = ?`,
    );
  }

  /** Records an alert and a pending delivery per webhook, atomically. */
  insert(
    t: StatusTransition,
    webhooks: ReadonlyArray<{ index: number; url: string }>,
    now: number,
  ): AlertRecord {
    return this.db.transaction(() => {
      const row = this.insertAlert.get(
        t.cluster,
        t.kind,
        t.entity,
        t.from,
        t.to,
        t.at,
        intOrNull(t.lag),
        realOrNull(t.lagSeconds),
        now,
      );
      const id = (row as { id: number }).id;
      for (const w of webhooks) this.insertDelivery.run(id, w.index, w.url, now);
      return {
        id,
        cluster: t.cluster,
        kind: t.kind,
        entity: t.entity,
        from: t.from,
        to: t.to,
        at: t.at,
        lag: intOrNull(t.lag),
        lagSeconds: realOrNull(t.lagSeconds),
        createdAt: now,
        deliveries: webhooks.map((w) => ({
          webhook: w.index,
          url: w.url,
          status: 'pending' as const,
          attempts: 0,
          httpStatus: null,
          lastError: null,
          updatedAt: now,
        })),
      };
    })();
  }

  updateDelivery(alertId: number, webhook: number, u: DeliveryUpdate, now: number): void {
    this.updateStmt.run(u.status, u.attempts, u.httpStatus, u.lastError, now, alertId, webhook);
  }

  /** The status of the latest alert of every entity: `<cluster>\0<kind>\0<entity>` → status. */
  lastAlerted(): Map<string, Status> {
    const rows = this.db
      .prepare<[], Pick<AlertRow, 'cluster' | 'kind' | 'entity' | 'to_status'>>(
        `SELECT a.cluster, a.kind, a.entity, a.to_status FROM alerts a
         JOIN (SELECT MAX(id) AS id FROM alerts GROUP BY cluster, kind, entity) m ON m.id = a.id`,
      )
      .all();
    return new Map(rows.map((r) => [entityKey(r), r.to_status as Status]));
  }

  /** Marks deliveries left pending by a previous process as failed; returns how many. */
  failPending(reason: string, now: number): number {
    return this.db
      .prepare(
        `UPDATE alert_deliveries SET status = 'failed', last_error = ?, updated_at = ? WHERE status = 'pending'`,
      )
      .run(reason, now).changes;
  }

  /** Deletes alerts recorded before `before` (epoch ms), keeping each entity's latest one for deduplication. */
  prune(before: number): number {
    return this.db
      .prepare(
        `DELETE FROM alerts WHERE created_at < ?
         AND id NOT IN (SELECT MAX(id) FROM alerts GROUP BY cluster, kind, entity)`,
      )
      .run(before).changes;
  }

  /** Newest first. */
  list(q: AlertQuery): AlertRecord[] {
    const filters: Array<[string, string | number | undefined]> = [
      ['cluster = ?', q.cluster],
      ['kind = ?', q.kind],
      ['entity = ?', q.entity],
      ['id < ?', q.before],
    ];
    const used = filters.filter((f): f is [string, string | number] => f[1] !== undefined);
    const where = used.map((f) => f[0]);
    const args = used.map((f) => f[1]);
    const rows = this.db
      .prepare<Array<string | number>, AlertRow>(
        `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...args, q.limit);
    const deliveries = this.deliveriesOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      cluster: r.cluster,
      kind: r.kind,
      entity: r.entity,
      from: r.from_status as Status | null,
      to: r.to_status as Status,
      at: r.at,
      lag: r.lag,
      lagSeconds: r.lag_seconds,
      createdAt: r.created_at,
      deliveries: deliveries.get(r.id) ?? [],
    }));
  }

  private deliveriesOf(ids: readonly number[]): Map<number, AlertDelivery[]> {
    const out = new Map<number, AlertDelivery[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare<number[], DeliveryRow>(
        `SELECT * FROM alert_deliveries WHERE alert_id IN (${ids.map(() => '?').join(',')}) ORDER BY alert_id, webhook`,
      )
      .all(...ids);
    for (const r of rows) out.set(r.alert_id, [...(out.get(r.alert_id) ?? []), toDelivery(r)]);
    return out;
  }
}

/** The deduplication key of an entity. */
export function entityKey(e: { cluster: string; kind: string; entity: string }): string {
  return `${e.cluster}\u0000${e.kind}\u0000${e.entity}`;
}
