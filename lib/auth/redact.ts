// Redaction of secrets (`***`) for config display, error messages, logs and audit parameters.

export const REDACTED = '***';

const SECRET_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|credential|cookie|private[-_]?key/i;

/** Replaces the password in URLs with *** (amqp://user:pw@host → amqp://user:***@host). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, `$1:${REDACTED}@`);
}

/**
 * A deep copy with the value of every secret-looking key (password, secret, token, authorization, api key,
 * credentials, cookie) replaced by ***, URL credentials redacted in every string, and `spl_` API tokens
 * masked. For audit parameters and config display.
 */
export function redactSecrets<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (key !== undefined && SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'boolean')
      return REDACTED;
    if (typeof v === 'string') return redactText(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]),
      );
    return v;
  };
  return walk(value) as T;
}

/** Redacts URL credentials, bearer values and `spl_` tokens in free text, plus any of the `known` secrets. */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = redactUrlCredentials(text)
    .replace(/\bspl_[A-Za-z0-9_-]{8,}/g, `spl_${REDACTED}`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`);
  for (const s of known) if (s.length >= 3) out = out.split(s).join(REDACTED);
  return out;
}

/** Every secret value in a configuration object (by key name and URL password), for redactText's `known`. */
export function secretsIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key !== undefined && SECRET_KEY.test(key)) found.add(v);
      for (const m of v.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/gi)) {
        const pw = m[1];
        if (pw) {
          found.add(pw);
          try {
            found.add(decodeURIComponent(pw));
          } catch {
            // keep the raw form only
          }
        }
      }
    } else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(value);
  return [...found].filter((s) => s.length >= 3);
}
