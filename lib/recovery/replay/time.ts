import { ReplayError } from './errors';

/** An ISO 8601 time (with a date) or a relative age such as 30m, 2h, 7d (that long before now), in epoch ms. */
export function parseTime(flag: string, text: string, now = Date.now()): number {
  const s = text.trim();
  const rel = /^(\d+)(s|m|h|d)$/.exec(s);
  if (rel) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(rel[1]) * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return t;
  }
  throw new ReplayError(
    `${flag} "${text}": expected an ISO time such as 2026-11-24T03:00:00Z or an age such as 30m, 2h, 7d`,
  );
}
