import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed Spillway package root (where package.json, app/ and .next/ live), not the user's cwd. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'app'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot locate the Spillway package root');
    dir = parent;
  }
}
