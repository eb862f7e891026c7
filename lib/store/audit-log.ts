// The audit log (migrations/041-audit-log.ts): who did what, when, to what, with which result.
import type { Db } from './database';

export type AuditResult = 'ok' | 'error' | 'denied';

export interface AuditEntryInput {
  actor: string;
  role?: string | null;
  action: string;
  target?: string;
  /** Parameters of the action; callers pass them through redactSecrets() (lib/auth/redact.ts) first. */
  params?: Record<string, unknown>;
  result: AuditResult;
  detail?: string | null;
  /** Defaults to now. */
  at?: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  role: string | null;
  action: string;
  target: string;
  params: Record<string, unknown>;
  result: AuditResult;
  detail: string | null;
}

export interface AuditQuery {
  actor?: string;
  /** Exact action, or a prefix ending in '.' ('drain.' matches every drain action). */
  action?: string;
  target?: string;
  result?: AuditResult;
  since?: number;
  until?: number;
  /** Entries with id < before (paging backwards). */
  before?: number;
  limit?: number;
}

interface Row {
  id: number;
  at: number;
  actor: string;
  role: string | null;
  action: string;
  target: string;
  params: string;
  result: AuditResult;
  detail: string | null;
}

const MAX_LIMIT = 1000;

const oneLine = (s: string | null | undefined) => (s == null ? null : s.replace(/\s+/g, ' ').slice(0, 500));

export class AuditLogRepository {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare<unknown[], { id: number }>(
      `INSERT INTO audit_log (at, actor, role, action, target, params, result, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
  }

  /** Appends one entry and returns its id. */
  append(e: AuditEntryInput): number {
    const row = this.insert.get(
      e.at ?? Date.now(),
      e.actor,
      e.role ?? null,
      e.action,
      e.target ?? '',
      JSON.stringify(e.params ?? {}),
      e.result,
      oneLine(e.detail),
    );
    return row?.id ?? 0;
  }

  /** Newest first. */
  list(q: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.actor) {
      where.push('actor = ?');
      args.push(q.actor);
    }
    if (q.action) {
      if (q.action.endsWith('.')) {
        where.push('substr(action, 1, ?) = ?');
        args.push(q.action.length, q.action);
      } else {
        where.push('action = ?');
        args.push(q.action);
      }
    }
    if (q.target) {
      where.push('target = ?');
      args.push(q.target);
    }
    if (q.result) {
      where.push('result = ?');
      args.push(q.result);
    }
    if (q.since !== undefined) {
      where.push('at >= ?');
      args.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('at < ?');
      args.push(q.until);
    }
    if (q.before !== undefined) {
      where.push('id < ?');
      args.push(q.before);
    }
    const limit = Math.max(1, Math.min(MAX_LIMIT, q.limit ?? 200));
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    return this.db
      .prepare<unknown[], Row>(sql)
      .all(...args)
      .map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, unknown> }));
  }
}
