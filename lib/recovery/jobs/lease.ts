// Who owns a job: '<host>/<pid>/<nonce>'. A lease is alive while its owner heartbeats; on the same host a
// dead pid frees it at once (a SIGKILLed CLI process is resumable immediately), elsewhere a heartbeat
// older than LEASE.staleMs does.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const LEASE = {
  /** How often the owner renews its lease and reads the control fields. */
  pollMs: 300,
  /** A lease not renewed for this long is free. */
  staleMs: 10_000,
} as const;

export function ownerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `owner` still holds its lease. */
export function ownerAlive(owner: string | null, heartbeatAt: number | null, now = Date.now()): boolean {
  if (!owner) return false;
  if (heartbeatAt === null || now - heartbeatAt > LEASE.staleMs) return false;
  const [host, pid] = owner.split('/');
  if (host === hostname() && pid !== undefined && /^\d+$/.test(pid)) return pidAlive(Number(pid));
  return true;
}
