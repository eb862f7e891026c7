#!/usr/bin/env node
// The spillway command. Sources are TypeScript; tsx compiles them on load (cached between runs).

// fsyncs, file reads and DNS share libuv's thread pool (4 threads by default); the broker keeps up to
// 8 fdatasyncs in flight, so give it room. Must be set before anything uses the pool.
process.env.UV_THREADPOOL_SIZE ??= '16';

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv);
