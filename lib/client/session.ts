// Roles as the browser sees them (GET /api/auth/session); mirrors lib/auth/actor.ts, which is server-only.
export type Role = 'viewer' | 'operator' | 'admin';

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** GET /api/auth/session (served by the request gate). */
export type SessionState =
  | {
      authenticated: true;
      name: string;
      role: Role;
      via: 'session' | 'token' | 'cli';
      csrf?: string;
      expiresAt?: number;
      idleExpiresAt?: number;
    }
  | { authenticated: false };
