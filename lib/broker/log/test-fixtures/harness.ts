/** Opens log managers over temp directories for tests and closes/removes them afterwards. */
import { FileLogManager, type LogManagerOptions } from '../log-manager';
import { makeTempDir } from './temp';

export interface Harness {
  dir: string;
  open(options?: LogManagerOptions): Promise<FileLogManager>;
  /** Closes every manager opened by this harness and removes the directory. */
  dispose(): Promise<void>;
}

export function harness(defaults: LogManagerOptions = {}): Harness {
  const { dir, cleanup } = makeTempDir();
  const opened: FileLogManager[] = [];
  return {
    dir,
    async open(options = {}) {
      const m = await FileLogManager.open(dir, { warn: () => undefined, ...defaults, ...options });
      opened.push(m);
      return m;
    },
    async dispose() {
      for (const m of opened) await m.close();
      cleanup();
    },
  };
}
