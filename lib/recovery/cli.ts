// What the `spillway drain` command needs from lib/recovery, loaded lazily by the command (one import).
import { cliActor } from '../auth/actor';
import type { Config } from '../config';
import { SourceError } from '../sources';
import { JobConflictError, openStore, type Store } from '../store';
import './kinds';
import { configEnv } from './jobs/env';
import { JobRunner } from './jobs/runner';
import { type JobEnv, JobError } from './jobs/types';

export type { DrainInput } from './drain/fronts';
export { drainFrontFor, drainFrontOfKind, isDrainKind, pickCluster } from './drain/fronts';
export { drainLive, drainProjection, drainStatus, wantsSecondReading } from './drain/status';
export { controlJob, jobIsOwned, requireJob, setJobRate } from './jobs/control';
export { jobProgress } from './jobs/progress';

export interface CliRecovery {
  store: Store;
  env: JobEnv;
  runner: JobRunner;
  config: Config;
  actor: ReturnType<typeof cliActor>;
  close(): void;
}

export function openCli(config: Config): CliRecovery {
  const store = openStore(config.dataDir);
  const env = configEnv(config);
  return {
    store,
    env,
    runner: new JobRunner({ store, env }),
    config,
    actor: cliActor(),
    close: () => store.close(),
  };
}

/** A one-line reason for errors the operator can act on; undefined for anything else. */
export function userMessage(err: unknown): string | undefined {
  if (err instanceof JobError || err instanceof JobConflictError || err instanceof SourceError)
    return err.message;
  return undefined;
}
