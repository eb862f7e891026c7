// Password hashing with scrypt (node:crypto, memory-hard): N = 2^15, r = 8, p = 1, a 16-byte salt per user,
// a 32-byte key. Stored as `scrypt$<N>$<r>$<p>$<salt b64>$<key b64>` so the cost can grow later.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
// 128 * N * r bytes is needed; node's default maxmem (32 MiB) is exactly that, so leave room.
const MAXMEM = 256 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;

function derive(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  len: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, len, { N, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

// Verified when the user does not exist, so an unknown name costs the same time as a wrong password.
let dummy: Promise<string> | undefined;

/**
 * Checks `password` against a stored hash in constant time. With `stored` null (unknown user or no
 * password) it still runs one scrypt over a dummy hash and returns false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!dummy) dummy = hashPassword(randomBytes(16).toString('hex'));
  const target = stored ?? (await dummy);
  const parts = target.split('$');
  const [scheme, n, r, p, saltB64, keyB64] = parts;
  if (parts.length !== 6 || scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const N = Number(n);
  const expected = Buffer.from(keyB64, 'base64');
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || expected.length < 16) return false;
  const key = await derive(
    password,
    Buffer.from(saltB64, 'base64'),
    N,
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(key, expected) && stored !== null;
}

/** A random password for the first admin: 24 characters from an unambiguous alphabet (~140 bits). */
export function randomPassword(length = 24): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const b of bytes) {
    if (b >= 256 - (256 % alphabet.length)) continue; // no modulo bias
    out += alphabet[b % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : randomPassword(length);
}
