// The message archive (migrations/051-archive.ts): RabbitMQ messages captured when they expired or were
// rejected, and the replay marks that make each one replayed at most once.
import type { Db } from './database';

export interface ArchiveInput {
  cluster: string;
  vhost: string;
  queue: string;
  exchange: string;
  routingKeys: string[];
  messageId: string | null;
  body: Buffer;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  deathQueue: string;
  deathReason: string;
  deathTime: number | null;
  deathExchange: string;
  deathRoutingKeys: string[];
  deathCount: number;
  sha256: string;
}

export interface ArchivedMessage extends ArchiveInput {
  id: number;
  capturedAt: number;
  replayedAt: number | null;
  replayCount: number;
}

/** A row for listings: everything but the body (its size instead). */
export type ArchiveSummary = Omit<ArchivedMessage, 'body'> & { bodySize: number };

export interface ArchiveQuery {
  cluster?: string;
  vhost?: string;
  queue?: string;
  reason?: string;
  /** captured_at >= since (epoch ms). */
  since?: number;
  /** captured_at < until (epoch ms). */
  until?: number;
  /** true: only replayed; false: only never replayed. */
  replayed?: boolean;
  /** Rows with id > after (paging forwards). */
  after?: number;
  /** Rows with id <= upTo. */
  upTo?: number;
  /** Rows never replayed or last replayed before this time (epoch ms). */
  replayedBefore?: number;
  limit?: number;
}

interface Row {
  id: number;
  cluster: string;
  vhost: string;
  queue: string;
  exchange: string;
  routing_keys: string;
  message_id: string | null;
  body?: Buffer;
  body_size?: number;
  properties: string;
  headers: string;
  death_queue: string;
  death_reason: string;
  death_time: number | null;
  death_exchange: string;
  death_routing_keys: string;
  death_count: number;
  sha256: string;
  captured_at: number;
  replayed_at: number | null;
  replay_count: number;
}

function fromRow(r: Row) {
  return {
    id: r.id,
    cluster: r.cluster,
    vhost: r.vhost,
    queue: r.queue,
    exchange: r.exchange,
    routingKeys: JSON.parse(r.routing_keys) as string[],
    messageId: r.message_id,
    properties: JSON.parse(r.properties) as Record<string, unknown>,
    headers: JSON.parse(r.headers) as Record<string, unknown>,
    deathQueue: r.death_queue,
    deathReason: r.death_reason,
    deathTime: r.death_time,
    deathExchange: r.death_exchange,
    deathRoutingKeys: JSON.parse(r.death_routing_keys) as string[],
    deathCount: r.death_count,
    sha256: r.sha256,
    capturedAt: r.captured_at,
    replayedAt: r.replayed_at,
    replayCount: r.replay_count,
  };
}

const MAX_LIMIT = 5000;

function whereOf(q: ArchiveQuery): { sql: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    where.push(`${col} = ?`);
    args.push(v);
  };
  if (q.cluster !== undefined) eq('cluster', q.cluster);
  if (q.vhost !== undefined) eq('vhost', q.vhost);
  if (q.queue !== undefined) eq('queue', q.queue);
  if (q.reason !== undefined) eq('death_reason', q.reason);
  if (q.since !== undefined) {
    where.push('captured_at >= ?');
    args.push(q.since);
  }
  if (q.until !== undefined) {
    where.push('captured_at < ?');
    args.push(q.until);
  }
  if (q.replayed !== undefined) where.push(q.replayed ? 'replay_count > 0' : 'replay_count = 0');
  if (q.after !== undefined) {
    where.push('id > ?');
    args.push(q.after);
  }
  if (q.upTo !== undefined) {
    where.push('id <= ?');
    args.push(q.upTo);
  }
  if (q.replayedBefore !== undefined) {
    where.push('(replayed_at IS NULL OR replayed_at < ?)');
    args.push(q.replayedBefore);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

export class ArchiveRepository {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<unknown[], { id: number }>(
      `INSERT INTO archive (cluster, vhost, queue, exchange, routing_keys, message_id, body, properties, headers,
         death_queue, death_reason, death_time, death_exchange, death_routing_keys, death_count, sha256, captured_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
  }

  /** Inserts rows in one transaction (committed when this returns) and returns their ids in order. */
  insertMany(items: readonly ArchiveInput[], now = Date.now()): number[] {
    return this.db.transaction(() =>
      items.map((m) => {
        const row = this.insertStmt.get(
          m.cluster,
          m.vhost,
          m.queue,
          m.exchange,
          JSON.stringify(m.routingKeys),
          m.messageId,
          m.body,
          JSON.stringify(m.properties),
          JSON.stringify(m.headers),
          m.deathQueue,
          m.deathReason,
          m.deathTime,
          m.deathExchange,
          JSON.stringify(m.deathRoutingKeys),
          m.deathCount,
          m.sha256,
          now,
        );
        return row?.id ?? 0;
      }),
    )();
  }

  /** Oldest first, without bodies. */
  list(q: ArchiveQuery = {}): ArchiveSummary[] {
    const { sql, args } = whereOf(q);
    const limit = Math.max(1, Math.min(MAX_LIMIT, q.limit ?? 200));
    return this.db
      .prepare<unknown[], Row>(
        `SELECT id, cluster, vhost, queue, exchange, routing_keys, message_id, length(body) AS body_size,
           properties, headers, death_queue, death_reason, death_time, death_exchange, death_routing_keys,
           death_count, sha256, captured_at, replayed_at, replay_count
         FROM archive ${sql} ORDER BY id LIMIT ${limit}`,
      )
      .all(...args)
      .map((r) => ({ ...fromRow(r), bodySize: r.body_size ?? 0 }));
  }

  count(q: ArchiveQuery = {}): number {
    const { sql, args } = whereOf(q);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM archive ${sql}`).get(...args) as { n: number }).n;
  }

  /** Full rows with bodies, oldest first: the next batch to replay. */
  batch(q: ArchiveQuery, limit: number): ArchivedMessage[] {
    const { sql, args } = whereOf(q);
    return this.db
      .prepare<unknown[], Row>(`SELECT * FROM archive ${sql} ORDER BY id LIMIT ${Math.max(1, limit)}`)
      .all(...args)
      .map((r) => ({ ...fromRow(r), body: r.body ?? Buffer.alloc(0) }));
  }

  get(id: number): ArchivedMessage | undefined {
    const r = this.db.prepare<[number], Row>('SELECT * FROM archive WHERE id = ?').get(id);
    return r ? { ...fromRow(r), body: r.body ?? Buffer.alloc(0) } : undefined;
  }

  /** Marks rows as awaiting a confirm for `jobId` (a crash leaves the mark: their publish is uncertain). */
  markPending(ids: readonly number[], jobId: string): void {
    const stmt = this.db.prepare('UPDATE archive SET replay_pending = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) stmt.run(jobId, id);
    })();
  }

  /** Ids still marked pending by `jobId` (an attempt that died before their confirms). */
  pendingIds(jobId: string): number[] {
    return this.db
      .prepare('SELECT id FROM archive WHERE replay_pending = ? ORDER BY id')
      .pluck()
      .all(jobId) as number[];
  }

  /** Distinct (exchange, first routing key) pairs with counts, for a replay plan. */
  destinations(q: ArchiveQuery): Array<{ exchange: string; routingKeys: string[]; count: number }> {
    const { sql, args } = whereOf(q);
    return (
      this.db
        .prepare(
          `SELECT exchange, routing_keys, COUNT(*) AS n FROM archive ${sql} GROUP BY exchange, routing_keys ORDER BY n DESC`,
        )
        .all(...args) as Array<{ exchange: string; routing_keys: string; n: number }>
    ).map((r) => ({ exchange: r.exchange, routingKeys: JSON.parse(r.routing_keys) as string[], count: r.n }));
  }

  /** Highest id matching the query (0 when none). */
  maxId(q: ArchiveQuery): number {
    const { sql, args } = whereOf(q);
    return (
      (this.db
        .prepare(`SELECT COALESCE(MAX(id), 0) FROM archive ${sql}`)
        .pluck()
        .get(...args) as number) ?? 0
    );
  }

  /** Confirmed: replayed once more, pending mark cleared. One transaction. */
  markReplayed(ids: readonly number[], now = Date.now()): void {
    const stmt = this.db.prepare(
      'UPDATE archive SET replayed_at = ?, replay_count = replay_count + 1, replay_pending = NULL WHERE id = ?',
    );
    this.db.transaction(() => {
      for (const id of ids) stmt.run(now, id);
    })();
  }

  /** Not published (returned unroutable or nacked): pending mark cleared, still unreplayed. */
  clearPending(ids: readonly number[]): void {
    const stmt = this.db.prepare('UPDATE archive SET replay_pending = NULL WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) stmt.run(id);
    })();
  }
}
