/**
 * Who is making a request. The request gate (lib/auth, installed in front of Next.js by lib/runtime/server.ts)
 * authenticates every request, strips any client-sent copy of ACTOR_HEADER and sets it to the JSON of the
 * authenticated Actor. Route handlers read it with actorOf(request) to record audit entries; they never
 * check permissions themselves — the gate already refused what the role may not do.
 */
export type Role = 'viewer' | 'operator' | 'admin';

export interface Actor {
  /** User name; 'token:<name>' for an API token; 'cli:<os user>' for CLI-started work. */
  name: string;
  role: Role;
  via: 'session' | 'token' | 'cli';
}

export const ACTOR_HEADER = 'x-spillway-actor';

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** The authenticated actor of a request that passed the gate, or undefined when there is none. */
export function actorOf(request: { headers: Headers }): Actor | undefined {
  const raw = request.headers.get(ACTOR_HEADER);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Actor>;
    if (typeof v.name !== 'string' || !ROLES.includes(v.role as Role)) return undefined;
    const via = v.via === 'token' || v.via === 'cli' ? v.via : 'session';
    return { name: v.name, role: v.role as Role, via };
  } catch {
    return undefined;
  }
}

/** The actor recorded for work started from the command line. */
export function cliActor(): Actor {
  const user = process.env.USER || process.env.LOGNAME || 'unknown';
  return { name: `cli:${user}`, role: 'admin', via: 'cli' };
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
