/**
 * The request gate: every HTTP request passes here (lib/runtime/server.ts) before Next.js sees it, so no
 * route or page can forget authentication, authorization, CSRF or body limits. It also serves the sign-in
 * endpoints itself (/api/auth/*, see auth-endpoints.ts) and sets the security headers of every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { ACTOR_HEADER, type Actor, roleAtLeast } from './actor';
import { handleAuthEndpoint } from './auth-endpoints';
import type { AuthConfig } from './config';
import {
  CSRF_HEADER,
  contentSecurityPolicy,
  header,
  newNonce,
  parseCookies,
  redirect,
  SESSION_COOKIE,
  sameOrigin,
  sendJson,
  setSecurityHeaders,
} from './http';
import { OidcClient } from './oidc';
import { accessFor, bodyLimitFor, canonicalPath, isPagePath } from './policy';
import { AuthService, type SessionInfo } from './sessions';

export interface GateOptions {
  store: Store;
  config: AuthConfig;
  /** Served over TLS: cookies get Secure, responses HSTS. */
  tls: boolean;
  log: Logger;
  now?: () => number;
}

export type Next = () => Promise<void> | void;

export interface Gate {
  handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void>;
  readonly auth: AuthService;
}

export interface Authenticated {
  actor: Actor;
  session?: SessionInfo;
}

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Removes every client-sent copy of the actor header (the gate is the only one allowed to set it). */
function stripActor(req: IncomingMessage): void {
  delete req.headers[ACTOR_HEADER];
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]?.toLowerCase() === ACTOR_HEADER) raw.splice(i, 2);
  }
}

function setActor(req: IncomingMessage, actor: Actor): void {
  const value = JSON.stringify(actor);
  req.headers[ACTOR_HEADER] = value;
  req.rawHeaders.push(ACTOR_HEADER, value);
}

export function createGate(opts: GateOptions): Gate {
  const { store, log } = opts;
  const auth = new AuthService(store, opts.config, opts.now);
  const oidc = opts.config.oidc ? new OidcClient(opts.config.oidc) : undefined;
  const glog = log.child('gate');

  const deny = (
    req: IncomingMessage,
    res: ServerResponse,
    status: 401 | 403 | 411 | 413,
    error: string,
    who: Actor | undefined,
    path: string,
    record: boolean,
  ) => {
    if (record) {
      try {
        store.auditLog.append({
          actor: who?.name ?? 'anonymous',
          role: who?.role ?? null,
          action: 'http.denied',
          target: `${req.method} ${path}`,
          params: { status, ip: clientIp(req) },
          result: 'denied',
          detail: error,
        });
      } catch (err) {
        glog.error('could not record a denial in the audit log', { error: (err as Error).message });
      }
    }
    sendJson(res, status, { error });
  };

  /** Bearer token first (an invalid one is refused, never ignored), then the session cookie. */
  const authenticate = (req: IncomingMessage): Authenticated | { error: string } | undefined => {
    const authz = header(req, 'authorization');
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const actor = m?.[1] ? auth.token(m[1]) : undefined;
      return actor ? { actor } : { error: 'invalid or expired API token' };
    }
    const session = auth.session(parseCookies(header(req, 'cookie')).get(SESSION_COOKIE));
    return session ? { actor: session.actor, session } : undefined;
  };

  return {
    auth,
    async handle(req, res, next) {
      stripActor(req);
      const nonce = newNonce();
      const csp = contentSecurityPolicy(nonce);
      // Next.js reads the nonce for its own <script> tags from the request's CSP header.
      req.headers['content-security-policy'] = csp;
      setSecurityHeaders(res, csp, opts.tls);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = canonicalPath(req.url ?? '/');
      if (path === null) return sendJson(res, 400, { error: 'malformed request path' });

      const who = authenticate(req);
      const authed = who && 'actor' in who ? who : undefined;

      if (path === '/api/auth' || path.startsWith('/api/auth/')) {
        return handleAuthEndpoint({ req, res, path, method, auth, store, tls: opts.tls, authed, oidc });
      }
      // Liveness without a sign-in: only {"status":"ok"}; signed-in callers get the full report.
      if (path === '/api/health' && method === 'GET' && !authed) {
        return sendJson(res, 200, { status: 'ok' });
      }

      const access = accessFor(method, path);
      if (access.kind === 'public') return next();

      if (!authed) {
        const reason = who && 'error' in who ? who.error : 'sign in required';
        if (!access.mutation && isPagePath(path) && !(who && 'error' in who)) {
          const back = (req.url ?? '/').slice(0, 2000);
          return redirect(res, `/login?next=${encodeURIComponent(back)}`);
        }
        return deny(req, res, 401, reason, undefined, path, access.mutation);
      }
      const { actor } = authed;
      if (!roleAtLeast(actor.role, access.role)) {
        return deny(
          req,
          res,
          403,
          `this needs the ${access.role} role (you are ${actor.role})`,
          actor,
          path,
          true,
        );
      }
      if (access.mutation) {
        if (authed.session) {
          if (!AuthService.csrfMatches(authed.session, header(req, CSRF_HEADER)))
            return deny(req, res, 403, 'missing or invalid CSRF token', actor, path, true);
        } else if (!sameOrigin(req)) {
          return deny(req, res, 403, 'cross-origin request refused', actor, path, true);
        }
        const limit = bodyLimitFor(path);
        const length = header(req, 'content-length');
        if (length === undefined && header(req, 'transfer-encoding') !== undefined)
          return deny(req, res, 411, 'send a Content-Length with the request body', actor, path, false);
        if (length !== undefined && !(Number(length) <= limit))
          return deny(req, res, 413, `the request body is larger than ${limit} bytes`, actor, path, false);
      }
      setActor(req, actor);
      return next();
    },
  };
}
