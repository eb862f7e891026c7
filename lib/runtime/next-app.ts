import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../logger';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface NextApp {
  handler: RequestHandler;
  close(): Promise<void>;
}

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export function hasProductionBuild(root: string): boolean {
  return existsSync(path.join(root, '.next', 'BUILD_ID'));
}

/** Runs `next build` in `root` with the output on our stderr; resolves when it succeeds. */
export function buildNext(root: string, log: Logger): Promise<void> {
  const require = createRequire(path.join(root, 'package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  log.info('no production build found: running next build (once)', { dir: root });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', (err) => reject(new BuildError(`next build could not start: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new BuildError(`next build failed (${signal ?? `exit code ${code}`}); see the output above`));
    });
  });
}

interface NextServerLike {
  prepare(): Promise<void>;
  getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close?: () => Promise<void>;
}
type NextFactory = (opts: { dev: boolean; dir: string; hostname: string; port: number }) => NextServerLike;

/** Loads the production Next.js server for `root` (building first when no build exists). */
export async function createNextApp(
  root: string,
  opts: { hostname: string; port: number },
  log: Logger,
): Promise<NextApp> {
  if (!hasProductionBuild(root)) await buildNext(root, log);
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const mod = (await import('next')) as unknown as { default: NextFactory | { default: NextFactory } };
  const factory = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const app = factory({ dev: false, dir: root, hostname: opts.hostname, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handler: (req, res) => handle(req, res),
    close: async () => {
      await app.close?.();
    },
  };
}
