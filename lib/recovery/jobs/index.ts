// The recovery job framework (lib/recovery/README.md).
export { type ControlAction, controlJob, jobIsOwned, MAX_RATE, requireJob, setJobRate } from './control';
export { configEnv } from './env';
export { LEASE, ownerAlive, ownerId } from './lease';
export { type JobProgress, jobProgress, RATE_WINDOW_MS } from './progress';
export { hasJobKind, jobKind, registerJobKind } from './registry';
export { JobRunner, type JobRunnerOptions, kindAudit, type RunJobOptions, type RunOutcome } from './runner';
export { currentJobRunner, JOB_SERVICE, JobRunnerService } from './service';
export { type JobContext, type JobEnv, JobError, type JobKind, type StopReason } from './types';
