// AMQP header values ↔ JSON for the archive: Buffers become {"$bytes": base64}; amqplib's typed values
// ({"!": "timestamp", value}) are JSON already and are encoded back as the same type on publish.

export function toJsonSafe(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonSafe);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toJsonSafe(x)]),
    );
  }
  return v;
}

export function fromJsonSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJsonSafe);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return Buffer.from(o.$bytes, 'base64');
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromJsonSafe(x)]));
  }
  return v;
}

/** A header value as text (longstr may arrive as a Buffer). */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'number') return String(v);
  return null;
}

/** An AMQP timestamp header ({'!': 'timestamp', value: seconds} or a number of seconds) in epoch ms. */
export function timestampMs(v: unknown): number | null {
  if (typeof v === 'number') return v * 1000;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') {
    return (v as { value: number }).value * 1000;
  }
  return null;
}
