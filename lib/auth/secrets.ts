// Random bearer secrets (session ids, CSRF tokens, API tokens) and their at-rest form (sha256).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'spl_';

export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new API token: `spl_` + 32 random bytes (base64url). Only its sha256 is stored. */
export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomId(32)}`;
}

export function looksLikeApiToken(s: string): boolean {
  return /^spl_[A-Za-z0-9_-]{43}$/.test(s);
}

/** Constant-time string comparison (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
