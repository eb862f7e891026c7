#!/usr/bin/env node
// The spillway command. Sources are TypeScript: it runs them compiled ahead of time when it can (see
// compiled.js: built on first use and whenever a source changes), otherwise through tsx.
// SPILLWAY_TSX=1 always uses tsx (source-level stack traces while developing).

// fsyncs, file reads and DNS share libuv's thread pool (4 threads by default); the broker keeps up to
// 8 fdatasyncs in flight, so give it room. Must be set before anything uses the pool.
process.env.UV_THREADPOOL_SIZE ??= '16';

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function loadMain() {
  if (process.env.SPILLWAY_TSX !== '1') {
    const { compiledCli } = await import('./compiled.js');
    const file = await compiledCli(root);
    if (file !== null) {
      try {
        return (await import(pathToFileURL(file).href)).main;
      } catch (err) {
        // A bundle that does not load (never seen; e.g. a dependency esbuild could not place): use tsx.
        if (process.env.SPILLWAY_DEBUG_LOADER)
          process.stderr.write(`spillway: compiled CLI failed to load (${err})\n`);
      }
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../lib/cli/main.ts')).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv);
