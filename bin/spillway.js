#!/usr/bin/env node
// The spillway command. Sources are TypeScript; tsx compiles them on load (cached between runs).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
const code = await main(process.argv);
process.exitCode = code;
