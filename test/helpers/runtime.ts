// The runtime context route handlers read (lib/runtime/context.ts), published for tests that call the
// handlers in-process: this config and store, no services.
import type { Config } from '../../lib/config';
import { setRuntime } from '../../lib/runtime/context';
import type { Store } from '../../lib/store';

export function setTestRuntime(config: Config, store: Store): void {
  setRuntime({
    config,
    configSource: 'test',
    store,
    startedAt: Date.now(),
    version: 'test',
    services: () => [],
  });
}
