// Recovery jobs (migrations/031-jobs.ts): plan, checkpoint, progress, operator control and the runner lease.
// Every write by the running process is fenced by its owner string: a runner that lost its lease (another
// process adopted the job) gets LeaseLostError instead of overwriting the newer owner's checkpoint.
import { randomBytes } from 'node:crypto';
import type { Db } from './database';

export const JOB_STATES = [
  'planned',
  'running',
  'paused',
  'restoring',
  'completed',
  'cancelled',
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];
export const ACTIVE_JOB_STATES: readonly JobState[] = ['planned', 'running', 'paused', 'restoring'];
export type DesiredState = 'run' | 'pause' | 'cancel' | 'restore';
export type JobRunnerKind = 'server' | 'cli';

export interface JobRecord {
  id: string;
  kind: string;
  sourceKey: string;
  cluster: string;
  target: string;
  state: JobState;
  desiredState: DesiredState;
  runner: JobRunnerKind;
  plan: unknown;
  checkpoint: unknown;
  done: number;
  total: number | null;
  rateLimit: number | null;
  createdBy: string;
  owner: string | null;
  heartbeatAt: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface JobCreateInput {
  /** Defaults to a fresh 'j-xxxxxxxx'. */
  id?: string;
  kind: string;
  sourceKey: string;
  cluster: string;
  target: string;
  runner: JobRunnerKind;
  plan: unknown;
  checkpoint?: unknown;
  total?: number | null;
  rateLimit?: number | null;
  createdBy: string;
  /** Claim the lease at creation (CLI-started jobs run in the creating process). */
  owner?: string;
  at?: number;
}

/** Another job is already active for the same source. */
export class JobConflictError extends Error {
  constructor(
    readonly sourceKey: string,
    readonly activeJobId: string | null,
  ) {
    super(`job ${activeJobId ?? '?'} is already active for ${sourceKey}; only one active job per source`);
    this.name = 'JobConflictError';
  }
}

/** The runner no longer holds the job's lease (another process adopted it). */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: this process no longer owns it (another runner took it over)`);
    this.name = 'LeaseLostError';
  }
}

interface Row {
  id: string;
  kind: string;
  source_key: string;
  cluster: string;
  target: string;
  state: JobState;
  desired_state: DesiredState;
  runner: JobRunnerKind;
  plan: string;
  checkpoint: string;
  done: number;
  total: number | null;
  rate_limit: number | null;
  created_by: string;
  owner: string | null;
  heartbeat_at: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

const toRecord = (r: Row): JobRecord => ({
  id: r.id,
  kind: r.kind,
  sourceKey: r.source_key,
  cluster: r.cluster,
  target: r.target,
  state: r.state,
  desiredState: r.desired_state,
  runner: r.runner,
  plan: JSON.parse(r.plan),
  checkpoint: JSON.parse(r.checkpoint),
  done: r.done,
  total: r.total,
  rateLimit: r.rate_limit,
  createdBy: r.created_by,
  owner: r.owner,
  heartbeatAt: r.heartbeat_at,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 'j-' + 8 characters from an unambiguous lowercase alphabet (valid in Kafka topic and queue names). */
export function newJobId(): string {
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `j-${s}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, 1000);
const SAMPLE_EVERY_MS = 1000;
const ACTIVE_SQL = `('planned', 'running', 'paused', 'restoring')`;

export interface JobListQuery {
  kind?: string;
  /** Only planned/running/paused/restoring jobs. */
  active?: boolean;
  limit?: number;
}

export class JobsRepository {
  constructor(private readonly db: Db) {}

  /** Creates a job; JobConflictError when another job is active for the same source. */
  create(input: JobCreateInput): JobRecord {
    const at = input.at ?? Date.now();
    const id = input.id ?? newJobId();
    try {
      this.db
        .prepare(
          `INSERT INTO jobs (id, kind, source_key, cluster, target, state, desired_state, runner, plan, checkpoint,
             done, total, rate_limit, created_by, owner, heartbeat_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'planned', 'run', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.kind,
          input.sourceKey,
          input.cluster,
          input.target,
          input.runner,
          JSON.stringify(input.plan ?? {}),
          JSON.stringify(input.checkpoint ?? {}),
          input.total ?? null,
          input.rateLimit ?? null,
          input.createdBy,
          input.owner ?? null,
          input.owner ? at : null,
          at,
          at,
        );
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /source_key/.test((err as Error).message)) {
        throw new JobConflictError(input.sourceKey, this.activeFor(input.sourceKey)?.id ?? null);
      }
      throw err;
    }
    return this.require(id);
  }

  get(id: string): JobRecord | undefined {
    const r = this.db.prepare<[string], Row>('SELECT * FROM jobs WHERE id = ?').get(id);
    return r ? toRecord(r) : undefined;
  }

  require(id: string): JobRecord {
    const j = this.get(id);
    if (!j) throw new Error(`no job ${id}`);
    return j;
  }

  /** Newest first. */
  list(q: JobListQuery = {}): JobRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.kind) {
      where.push('kind = ?');
      args.push(q.kind);
    }
    if (q.active) where.push(`state IN ${ACTIVE_SQL}`);
    const limit = Math.max(1, Math.min(1000, q.limit ?? 200));
    return this.db
      .prepare<unknown[], Row>(
        `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ${limit}`,
      )
      .all(...args)
      .map(toRecord);
  }

  activeFor(sourceKey: string): JobRecord | undefined {
    const r = this.db
      .prepare<[string], Row>(`SELECT * FROM jobs WHERE source_key = ? AND state IN ${ACTIVE_SQL}`)
      .get(sourceKey);
    return r ? toRecord(r) : undefined;
  }

  /** Operator control, from any process. Returns the updated job. */
  requestState(id: string, desired: DesiredState, runner?: JobRunnerKind): JobRecord {
    this.db
      .prepare(`UPDATE jobs SET desired_state = ?, runner = COALESCE(?, runner), updated_at = ? WHERE id = ?`)
      .run(desired, runner ?? null, Date.now(), id);
    return this.require(id);
  }

  setRateLimit(id: string, rateLimit: number | null): JobRecord {
    this.db
      .prepare('UPDATE jobs SET rate_limit = ?, updated_at = ? WHERE id = ?')
      .run(rateLimit, Date.now(), id);
    return this.require(id);
  }

  /**
   * Takes the lease when the job has no owner, its heartbeat is older than `staleBefore`, or its owner is
   * `deadOwner` (a process known to be gone). True when this process now owns the job.
   */
  claim(id: string, owner: string, opts: { staleBefore: number; deadOwner?: string; at?: number }): boolean {
    const at = opts.at ?? Date.now();
    const res = this.db
      .prepare(
        `UPDATE jobs SET owner = ?, heartbeat_at = ?, updated_at = ?
         WHERE id = ? AND state IN ${ACTIVE_SQL}
           AND (owner IS NULL OR owner = ? OR heartbeat_at < ? OR owner = ?)`,
      )
      .run(owner, at, at, id, owner, opts.staleBefore, opts.deadOwner ?? '\u0000');
    return res.changes === 1;
  }

  /** Renews the lease; returns the job (with the current control fields) or throws LeaseLostError. */
  heartbeat(id: string, owner: string, at = Date.now()): JobRecord {
    const res = this.db
      .prepare('UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND owner = ?')
      .run(at, id, owner);
    if (res.changes !== 1) throw new LeaseLostError(id);
    return this.require(id);
  }

  /** Gives the lease up (clean stop): another runner may adopt the job at once. */
  release(id: string, owner: string): void {
    this.db
      .prepare('UPDATE jobs SET owner = NULL, heartbeat_at = NULL, updated_at = ? WHERE id = ? AND owner = ?')
      .run(Date.now(), id, owner);
  }

  /** Moves the job to `state` (fenced). Terminal states release the lease and record finished_at. */
  setState(id: string, owner: string, state: JobState, error?: string | null): JobRecord {
    const at = Date.now();
    const terminal = !ACTIVE_JOB_STATES.includes(state);
    const res = this.db
      .prepare(
        `UPDATE jobs SET state = ?, error = ?, updated_at = ?,
           owner = CASE WHEN ? THEN NULL ELSE owner END,
           heartbeat_at = CASE WHEN ? THEN NULL ELSE heartbeat_at END,
           finished_at = CASE WHEN ? THEN ? ELSE finished_at END
         WHERE id = ? AND owner = ?`,
      )
      .run(
        state,
        error == null ? null : oneLine(error),
        at,
        terminal ? 1 : 0,
        terminal ? 1 : 0,
        terminal ? 1 : 0,
        at,
        id,
        owner,
      );
    if (res.changes !== 1) throw new LeaseLostError(id);
    return this.require(id);
  }

  /**
   * Writes checkpoint and progress in one transaction (fenced): call it after every acknowledged batch.
   * `total` replaces the total when given. A progress sample is appended at most once a second.
   */
  commit(
    id: string,
    owner: string,
    checkpoint: unknown,
    doneDelta: number,
    total?: number | null,
    at = Date.now(),
  ): { done: number; total: number | null } {
    return this.db.transaction(() => {
      const res = this.db
        .prepare(
          `UPDATE jobs SET checkpoint = ?, done = done + ?, total = CASE WHEN ? THEN ? ELSE total END,
             updated_at = ? WHERE id = ? AND owner = ?`,
        )
        .run(
          JSON.stringify(checkpoint),
          doneDelta,
          total !== undefined ? 1 : 0,
          total ?? null,
          at,
          id,
          owner,
        );
      if (res.changes !== 1) throw new LeaseLostError(id);
      const row = this.db
        .prepare<[string], { done: number; total: number | null }>(
          'SELECT done, total FROM jobs WHERE id = ?',
        )
        .get(id) as { done: number; total: number | null };
      const last = this.db
        .prepare<[string], { at: number }>('SELECT MAX(at) AS at FROM job_progress WHERE job_id = ?')
        .get(id);
      if (!last?.at || at - last.at >= SAMPLE_EVERY_MS) {
        this.db
          .prepare('INSERT OR REPLACE INTO job_progress (job_id, at, done) VALUES (?, ?, ?)')
          .run(id, at, row.done);
      }
      return row;
    })();
  }

  /** Progress samples (oldest first) since `since`. */
  samples(id: string, since = 0): { at: number; done: number }[] {
    return this.db
      .prepare<[string, number], { at: number; done: number }>(
        'SELECT at, done FROM job_progress WHERE job_id = ? AND at >= ? ORDER BY at',
      )
      .all(id, since);
  }

  /** Active jobs started for `runner` (all runners when undefined); the runner decides which it may adopt. */
  activeJobs(runner?: JobRunnerKind): JobRecord[] {
    return this.db
      .prepare<[string | null, string | null], Row>(
        `SELECT * FROM jobs WHERE state IN ${ACTIVE_SQL} AND (? IS NULL OR runner = ?) ORDER BY created_at`,
      )
      .all(runner ?? null, runner ?? null)
      .map(toRecord);
  }
}
