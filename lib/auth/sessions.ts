// Sign-in, sessions and API-token authentication over the store. The gate (gate.ts) is the only caller
// on the request path; tests drive it directly with an injected clock.
import type { Store } from '../store';
import type { Actor } from './actor';
import type { AuthConfig } from './config';
import { verifyPassword } from './password';
import { LoginLimiter } from './rate-limit';
import { looksLikeApiToken, randomId, safeEqual, sha256 } from './secrets';

export interface SessionInfo {
  actor: Actor;
  idHash: string;
  csrf: string;
  /** When the session ends if it stays idle / at the latest. */
  idleExpiresAt: number;
  expiresAt: number;
}

export type LoginResult =
  | { ok: true; sessionId: string; session: SessionInfo }
  | { ok: false; reason: 'invalid'; status: 401 }
  | { ok: false; reason: 'rate-limited'; status: 429; retryAfter: number };

/** Sessions are touched at most this often, so polling does not write on every request. */
const TOUCH_EVERY_MS = 5_000;

export class AuthService {
  readonly limiter: LoginLimiter;
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly store: Store,
    config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new LoginLimiter(config.loginMaxFailures, config.loginWindowSeconds * 1000);
    this.idleMs = config.sessionIdleMinutes * 60_000;
    this.maxMs = config.sessionMaxHours * 3_600_000;
  }

  /** Checks the password (always one scrypt, known user or not), honouring the rate limit first. */
  async login(name: string, password: string, ip: string): Promise<LoginResult> {
    const keys = [`user:${name.toLowerCase()}`, `ip:${ip}`];
    const wait = this.limiter.retryAfter(keys, this.now());
    if (wait > 0) return { ok: false, reason: 'rate-limited', status: 429, retryAfter: wait };
    const user = this.store.users.get(name);
    const good = await verifyPassword(password, user?.passwordHash ?? null);
    if (!good || !user) {
      this.limiter.fail(keys, this.now());
      return { ok: false, reason: 'invalid', status: 401 };
    }
    this.limiter.succeed(keys[0] as string);
    return { ok: true, ...this.openSession(user.name, ip) };
  }

  /** Opens a session for a user who proved who they are (password or OIDC). */
  openSession(userName: string, ip: string | null): { sessionId: string; session: SessionInfo } {
    const user = this.store.users.get(userName);
    if (!user) throw new Error('no such user');
    const sessionId = randomId(32);
    const idHash = sha256(sessionId);
    const csrf = randomId(32);
    const at = this.now();
    this.store.sessions.prune(at - this.idleMs, at - this.maxMs);
    this.store.sessions.create({ idHash, userName: user.name, csrf, ip, at });
    return {
      sessionId,
      session: {
        actor: { name: user.name, role: user.role, via: 'session' },
        idHash,
        csrf,
        idleExpiresAt: at + this.idleMs,
        expiresAt: at + this.maxMs,
      },
    };
  }

  /** The live session behind a cookie value; expired ones (idle or absolute) are deleted and refused. */
  session(sessionId: string | undefined): SessionInfo | undefined {
    if (!sessionId || sessionId.length > 100) return undefined;
    const idHash = sha256(sessionId);
    const s = this.store.sessions.get(idHash);
    if (!s) return undefined;
    const at = this.now();
    if (at - s.lastSeenAt >= this.idleMs || at - s.createdAt >= this.maxMs) {
      this.store.sessions.delete(idHash);
      return undefined;
    }
    const user = this.store.users.get(s.userName);
    if (!user) return undefined;
    if (at - s.lastSeenAt >= TOUCH_EVERY_MS) this.store.sessions.touch(idHash, at);
    return {
      actor: { name: user.name, role: user.role, via: 'session' },
      idHash,
      csrf: s.csrf,
      idleExpiresAt: at + this.idleMs,
      expiresAt: s.createdAt + this.maxMs,
    };
  }

  logout(idHash: string): void {
    this.store.sessions.delete(idHash);
  }

  /** The actor of an `Authorization: Bearer spl_…` token, or undefined when unknown or expired. */
  token(bearer: string): Actor | undefined {
    if (!looksLikeApiToken(bearer)) return undefined;
    const t = this.store.apiTokens.byHash(sha256(bearer));
    const at = this.now();
    if (!t || (t.expiresAt !== null && t.expiresAt <= at)) return undefined;
    if (t.lastUsedAt === null || at - t.lastUsedAt >= TOUCH_EVERY_MS) this.store.apiTokens.touch(t.id, at);
    return { name: `token:${t.name}`, role: t.role, via: 'token' };
  }

  static csrfMatches(session: SessionInfo, sent: string | undefined): boolean {
    return typeof sent === 'string' && safeEqual(sent, session.csrf);
  }
}
