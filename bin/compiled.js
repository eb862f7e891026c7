// The spillway CLI compiled ahead of time: lib/cli/main.ts and everything it imports from this package,
// bundled by esbuild (the one tsx already depends on) into node_modules/.cache/spillway-cli/<checkout>/, dependencies
// left external. Starting from it skips tsx's loader thread and module hooks: about half the start-up time
// and 25 MiB less memory (bench/README.md, P4).
//
// Never stale: the manifest records every source file the bundle was built from (esbuild's metafile) with
// its size and mtime, plus package.json and tsconfig.json; any difference, or a missing file, rebuilds it
// before the command runs (~0.3–1 s, once). Any failure (no esbuild, read-only install, a build error)
// returns null and the caller falls back to tsx, which runs the same sources.
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const FORMAT = 1;
const ENTRY = 'lib/cli/main.ts';
const ALWAYS = ['package.json', 'tsconfig.json'];
/**
 * A replaced build is removed this long after it was replaced (its directory's mtime is set then): a process
 * that started from it loads its lazy command chunk within its first second.
 */
const PRUNE_AFTER_MS = 10 * 60 * 1000;

function fingerprint(root, file) {
  const st = statSync(path.join(root, file));
  return [st.size, Math.floor(st.mtimeMs)];
}

function readManifest(cacheDir) {
  try {
    const m = JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'));
    return m && m.format === FORMAT && typeof m.build === 'string' && m.inputs ? m : null;
  } catch {
    return null;
  }
}

function isFresh(root, cacheDir, m) {
  try {
    for (const [file, [size, mtime]] of Object.entries(m.inputs)) {
      const [s, t] = fingerprint(root, file);
      if (s !== size || t !== mtime) return false;
    }
    statSync(path.join(cacheDir, m.build, 'main.mjs'));
    return true;
  } catch {
    return false;
  }
}

async function loadEsbuild(root) {
  try {
    return await import('esbuild');
  } catch {
    // Not hoisted: the copy tsx depends on.
    const fromTsx = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsx/package.json'));
    return fromTsx('esbuild');
  }
}

async function build(root, cacheDir) {
  const esbuild = await loadEsbuild(root);
  const name = `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const outdir = path.join(cacheDir, name);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: ENTRY },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true, // the commands' lazy imports stay lazy
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    metafile: true,
    logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...ALWAYS]) {
    if (!file.includes('node_modules/')) inputs[file] = fingerprint(root, file);
  }
  const tmp = path.join(cacheDir, `manifest.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, JSON.stringify({ format: FORMAT, build: name, inputs }));
  const replaced = readManifest(cacheDir)?.build;
  renameSync(tmp, path.join(cacheDir, 'manifest.json'));
  if (replaced !== undefined && replaced !== name) {
    try {
      const now = new Date();
      utimesSync(path.join(cacheDir, replaced), now, now);
    } catch {
      // already gone
    }
  }
  return name;
}

function prune(cacheDir, keep) {
  try {
    for (const entry of readdirSync(cacheDir)) {
      if (entry === keep || entry === 'manifest.json') continue;
      const p = path.join(cacheDir, entry);
      if (Date.now() - statSync(p).mtimeMs > PRUNE_AFTER_MS) rmSync(p, { recursive: true, force: true });
    }
  } catch {
    // best effort
  }
}

/** The path of an up-to-date compiled CLI (building it when needed), or null to run the sources with tsx. */
export async function compiledCli(root) {
  // One cache per checkout: a copy of the tree may share this node_modules through a symlink (bench/candidate.sh).
  const key = createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 12);
  const cacheDir = path.join(root, 'node_modules', '.cache', 'spillway-cli', key);
  try {
    const current = readManifest(cacheDir);
    if (current !== null && isFresh(root, cacheDir, current))
      return path.join(cacheDir, current.build, 'main.mjs');
    mkdirSync(cacheDir, { recursive: true });
    const name = await build(root, cacheDir);
    prune(cacheDir, name);
    return path.join(cacheDir, name, 'main.mjs');
  } catch (err) {
    if (process.env.SPILLWAY_DEBUG_LOADER)
      process.stderr.write(`spillway: compiled CLI unavailable (${err})\n`);
    return null;
  }
}
