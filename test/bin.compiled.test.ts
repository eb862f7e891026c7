/*
 * Scenario: `bin/spillway.js` runs the CLI compiled ahead of time and never a stale build. In a copy of the
 * source tree (sharing node_modules), the first run builds the bundle; a changed source file makes the
 * next run rebuild and show the change; SPILLWAY_TSX=1 runs the sources through tsx instead.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/broker';

const run = promisify(execFile);
const copy = mkdtempSync(path.join(tmpdir(), 'spillway-bin-'));
/** The copy's own cache directory (compiled.js keys it by the checkout's real path). */
const cacheDir = path.join(
  REPO_ROOT,
  'node_modules',
  '.cache',
  'spillway-cli',
  createHash('sha256').update(realpathSync(copy)).digest('hex').slice(0, 12),
);

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

async function version(env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(copy, 'bin', 'spillway.js'), '--version'], {
    env: { ...process.env, ...env },
  });
  return stdout.trim();
}

function manifest(): { build: string } {
  return JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'));
}

describe('bin/spillway.js', () => {
  it('builds the compiled CLI once, rebuilds it when a source changes, and can run the sources with tsx', async () => {
    for (const entry of ['lib', 'bin', 'package.json', 'tsconfig.json'])
      cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));

    expect(await version()).toBe('0.1.0');
    const first = manifest().build;
    expect(await version()).toBe('0.1.0');
    expect(manifest().build).toBe(first);

    writeFileSync(path.join(copy, 'lib', 'version.ts'), "export const VERSION = '0.1.0-changed';\n");
    expect(await version()).toBe('0.1.0-changed');
    expect(manifest().build).not.toBe(first);

    writeFileSync(path.join(copy, 'lib', 'version.ts'), "export const VERSION = '0.1.0-tsx';\n");
    expect(await version({ SPILLWAY_TSX: '1' })).toBe('0.1.0-tsx');
  });
});
