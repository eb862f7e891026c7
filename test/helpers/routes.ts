// Route discovery from the files under app/: every route handler and page, with the HTTP methods a route
// file exports. Tests derive their request lists from this, never from a hand-written list, so routes added
// later are covered without anyone touching the tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './spillway-app';

export const MUTATION_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface DiscoveredRoute {
  /** e.g. app/api/users/[name]/route.ts */
  file: string;
  /** URL pattern with the dynamic segments, e.g. /api/users/[name] */
  pattern: string;
  methods: string[];
}

function walk(dir: string, name: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, name, out);
    else if (new RegExp(`^${name}\\.(ts|tsx|js)$`).test(e.name)) out.push(p);
  }
}

function patternOf(file: string): string {
  const rel = path.relative(path.join(REPO_ROOT, 'app'), path.dirname(file)).split(path.sep);
  const segs = rel.filter((s) => s !== '' && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${segs.join('/')}`;
}

/** Every route.ts under app/ with its exported HTTP methods. */
export function discoverRoutes(): DiscoveredRoute[] {
  const files: string[] = [];
  walk(path.join(REPO_ROOT, 'app'), 'route', files);
  return files.sort().map((file) => {
    const text = readFileSync(file, 'utf8');
    const methods = new Set<string>();
    for (const m of text.matchAll(
      /export\s+(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g,
    ))
      methods.add(m[1] as string);
    for (const m of text.matchAll(/export\s+const\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g))
      methods.add(m[1] as string);
    for (const m of text.matchAll(/export\s*\{([^}]*)\}/g))
      for (const name of (m[1] ?? '').split(',').map((s) =>
        s
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim(),
      ))
        if (name && /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) methods.add(name);
    return { file: path.relative(REPO_ROOT, file), pattern: patternOf(file), methods: [...methods] };
  });
}

/** Every page.tsx under app/ as a URL pattern. */
export function discoverPages(): string[] {
  const files: string[] = [];
  walk(path.join(REPO_ROOT, 'app'), 'page', files);
  return files.sort().map(patternOf);
}

/**
 * A concrete path for a pattern: `[param]` → `values[param]` (or `values['*']`, or a dummy), catch-alls
 * `[...x]` / `[[...x]]` → two dummy segments.
 */
export function concretePath(pattern: string, values: Record<string, string> = {}): string {
  return pattern
    .split('/')
    .map((seg) => {
      const m = /^\[\[?(\.\.\.)?([^\]]+)\]?\]$/.exec(seg);
      if (!m) return seg;
      if (m[1]) return 'dummy-a/dummy-b';
      const name = m[2] as string;
      return encodeURIComponent(values[name] ?? values['*'] ?? `dummy-${name}`);
    })
    .join('/');
}
