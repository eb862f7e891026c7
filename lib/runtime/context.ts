import { type Config, loadConfig } from '../config';
import { openStore, type Store } from '../store';
import { VERSION } from '../version';
import type { ServiceStatus } from './services';

/**
 * What route handlers and server components need from the running process. The `start` command creates it
 * once and publishes it on globalThis, because Next.js bundles app code separately from the process that
 * hosts it; a Symbol.for key is shared by both module graphs. Under `next dev` it is created lazily.
 */
export interface RuntimeContext {
  readonly config: Config;
  readonly configSource: string;
  readonly store: Store;
  readonly startedAt: number;
  readonly version: string;
  services(): ServiceStatus[];
}

const KEY = Symbol.for('spillway.runtime');
type Holder = { [KEY]?: RuntimeContext };

export function setRuntime(ctx: RuntimeContext | undefined): void {
  (globalThis as Holder)[KEY] = ctx;
}

export function getRuntime(): RuntimeContext {
  const holder = globalThis as Holder;
  let ctx = holder[KEY];
  if (!ctx) {
    const { config, source } = loadConfig();
    ctx = {
      config,
      configSource: source,
      store: openStore(config.dataDir),
      startedAt: Date.now(),
      version: VERSION,
      services: () => [],
    };
    holder[KEY] = ctx;
  }
  return ctx;
}
