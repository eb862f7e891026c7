/**
 * Which role a request needs, decided from its method and path only — one table, default deny. Every path
 * that is not listed as public needs a signed-in actor: GET/HEAD a viewer, every other method an operator,
 * the admin prefixes an admin for any method. New routes are covered without registering anything.
 */
import type { Role } from './actor';

export type Access = { kind: 'public' } | { kind: 'signed-in'; role: Role; mutation: boolean };

/** Admin-only areas: users, API tokens and settings, read or write. */
export const ADMIN_PREFIXES = ['/api/users', '/api/tokens', '/api/settings', '/settings', '/users'] as const;

/** Paths anyone may GET: the sign-in page and its assets. The gate itself serves /api/auth/*. */
const PUBLIC_GET_EXACT = new Set(['/login', '/favicon.ico', '/robots.txt']);
const PUBLIC_GET_PREFIXES = ['/_next/static/'];

/** Request body limits by path prefix (first match); everything else gets DEFAULT_BODY_LIMIT. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const BODY_LIMITS: ReadonlyArray<{ prefix: string; bytes: number }> = [
  // File uploads for replay (NDJSON/CSV of lost messages).
  { prefix: '/api/replay', bytes: 50 * 1024 * 1024 },
];

export const READ_METHODS = new Set(['GET', 'HEAD']);

export function underPrefix(path: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * The canonical form of a request path for policy decisions: percent-decoded per segment, `.`/`..`
 * resolved, repeated and trailing slashes removed, lower-cased. Returns null for a path that cannot be
 * decoded or that contains encoded slashes/backslashes/NULs (refused with 400 rather than guessed at).
 */
export function canonicalPath(rawUrl: string): string | null {
  const q = rawUrl.search(/[?#]/);
  const raw = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (!raw.startsWith('/')) return null;
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(seg);
    } catch {
      return null;
    }
    if (/[\\\0]/.test(s)) return null;
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s.toLowerCase());
  }
  return `/${out.join('/')}`;
}

export function accessFor(method: string, path: string): Access {
  const m = method.toUpperCase();
  const read = READ_METHODS.has(m);
  if (read && (PUBLIC_GET_EXACT.has(path) || PUBLIC_GET_PREFIXES.some((p) => underPrefix(path, p)))) {
    return { kind: 'public' };
  }
  if (ADMIN_PREFIXES.some((p) => underPrefix(path, p)))
    return { kind: 'signed-in', role: 'admin', mutation: !read };
  return { kind: 'signed-in', role: read ? 'viewer' : 'operator', mutation: !read };
}

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((l) => underPrefix(path, l.prefix))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/** Whether a GET should be answered with a redirect to the sign-in page (pages) or 401 JSON (API). */
export function isPagePath(path: string): boolean {
  return !path.startsWith('/api/') && path !== '/api' && path !== '/metrics' && !path.startsWith('/_next/');
}

/** A safe same-site return path for ?next= (no scheme, no //host, no backslashes), else '/'. */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return '/';
  return next.slice(0, 2000);
}
