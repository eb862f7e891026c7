// What the dashboard reads from the jobs and drain API (lib/api/jobs.ts, app/api/jobs/**, app/api/drain/**).
// Pure types, mirroring the server's JSON: components never import lib/recovery or lib/store.

/** `lib/store/jobs.ts` JOB_STATES. */
export type JobState = 'planned' | 'running' | 'paused' | 'restoring' | 'completed' | 'cancelled' | 'failed';
export const JOB_STATES: readonly JobState[] = [
  'planned',
  'running',
  'paused',
  'restoring',
  'completed',
  'cancelled',
  'failed',
];
export const ACTIVE_JOB_STATES: readonly JobState[] = ['planned', 'running', 'paused', 'restoring'];

/** What the operator asked for; `state` is what the runner has reached. */
export type DesiredState = 'run' | 'pause' | 'cancel' | 'restore';

/** Progress of a job (lib/recovery/jobs/progress.ts). */
export interface JobProgressView {
  done: number;
  total: number | null;
  /** 0..1, null without a total. */
  fraction: number | null;
  /** Messages/s over the last 30 s; null before two samples. */
  rate: number | null;
  /** Null when unknown, 0 when done. */
  etaSeconds: number | null;
}

/** One job as the list and the detail show it. */
export interface JobSummary {
  id: string;
  /** `drain-kafka`, `drain-rabbitmq`, `replay-rabbitmq`, `replay-kafka`, `replay-file`… */
  kind: string;
  state: JobState;
  desiredState: DesiredState;
  cluster: string;
  /** The topic/group or queue the job works on, in words. */
  target: string;
  sourceKey: string;
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Messages/s; null = unlimited. */
  rateLimit: number | null;
  /** Set when the job paused itself on an error (resume once the cause is fixed). */
  error: string | null;
  progress: JobProgressView;
}

export interface JobsResponse {
  jobs: JobSummary[];
}

/** A (time, done) point for the progress chart, one a second while the job runs. */
export interface JobSample {
  at: number;
  done: number;
}

/** The drain's live figures (`drain status --json`). */
export interface DrainStatusView {
  factor: number | null;
  tempTopic?: string;
  tempQueues?: string[];
  dispatched: number;
  total: number | null;
  rate: number | null;
  etaSeconds: number | null;
  /** Consumers in the workers' group / on the temp queues now. */
  workers: number | null;
  /** What the workers still have to consume in the temp topic/queues. */
  tempLag: number | null;
  /** What the workers consume, msg/s (null until the server has two readings). */
  workersRate?: number | null;
  /** Seconds until the workers have consumed everything known; 0 once done. */
  finishSeconds?: number | null;
}

export interface JobDetailResponse {
  job: JobSummary;
  /** The confirmed plan as stored (kind-specific JSON). */
  plan: Record<string, unknown>;
  /** The last committed checkpoint (kind-specific JSON). */
  checkpoint: Record<string, unknown>;
  samples?: JobSample[];
  /** Drain jobs only. */
  drain?: DrainStatusView | null;
  /** Anything else the kind's live view returned, and why it could not be read. */
  live?: Record<string, unknown> | null;
  liveError?: string | null;
}

/** POST /api/drain/plan: the dry run (lib/recovery/drain/fronts.ts DrainPlanView). */
export interface DrainPlanResponse {
  kind: string;
  cluster: string;
  plan: Record<string, unknown>;
  lines: string[];
  warnings: string[];
  /** What `start` would refuse now (active members, existing temp topic…); null when it would start. */
  refusal: string | null;
}

/** The body of POST /api/drain/plan and POST /api/drain. */
export type DrainRequest =
  | {
      cluster: string;
      topic: string;
      group: string;
      factor: number;
      force: boolean;
      rateLimit: number | null;
    }
  | {
      cluster: string;
      vhost: string;
      queue: string;
      key: string;
      factor: number;
      force: boolean;
      rateLimit: number | null;
    };

/** GET /api/audit-log?target=<jobId> (engineer B's audit log). */
export interface AuditEntryView {
  id: number;
  at: number;
  actor: string;
  role?: string;
  action: string;
  target: string;
  params?: Record<string, unknown> | null;
  result: string;
  detail?: string | null;
}
