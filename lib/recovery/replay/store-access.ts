// Replay job kinds need the store (archive, ledger) but the job context does not carry it. The process
// that runs jobs binds its store here (the CLI before running, the server through its runtime context), so
// archive marks and job checkpoints share one SQLite connection and can commit in one transaction.
import { getRuntime } from '../../runtime/context';
import type { Store } from '../../store';

let bound: Store | undefined;

export function bindReplayStore(store: Store): void {
  bound = store;
}

export function replayStore(): Store {
  return bound?.db.open ? bound : getRuntime().store;
}
