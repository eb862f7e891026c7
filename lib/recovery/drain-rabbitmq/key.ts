// The drain key of a RabbitMQ message and the temp queue it goes to. Pure.
//
// Key spec: `header:<name>` (a header's value), `messageId` (the message-id property) or `routingKey` (the
// routing key the message was published with). Same key → same temp queue: the index is Kafka's default
// partitioner over the key's UTF-8 bytes, `(murmur2(bytes) & 0x7fffffff) % factor` (the same function
// Java and kafkajs use, so a key lands on the same index in a Kafka drain with as many partitions).
// A message without the key (header absent or null, no message id) has no order to keep: it goes
// round-robin over the temp queues and is counted as `keyless`.
import { z } from 'zod';

export type DrainKeySpec =
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'messageId' }
  | { readonly kind: 'routingKey' };

export const keySpecSchema = z
  .string()
  .trim()
  .min(1, 'the key is empty')
  .transform((value, ctx): DrainKeySpec => {
    if (value === 'messageId') return { kind: 'messageId' };
    if (value === 'routingKey') return { kind: 'routingKey' };
    if (value.startsWith('header:') && value.length > 'header:'.length) {
      return { kind: 'header', name: value.slice('header:'.length) };
    }
    ctx.addIssue({
      code: 'custom',
      message: `key "${value}" is not one of header:<name>, messageId, routingKey`,
    });
    return z.NEVER;
  });

export function parseKeySpec(value: string): DrainKeySpec {
  const parsed = keySpecSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid key');
  return parsed.data;
}

export function formatKeySpec(spec: DrainKeySpec): string {
  return spec.kind === 'header' ? `header:${spec.name}` : spec.kind;
}

/** What the key extraction needs of a delivery (amqplib's fields and properties, narrowed). */
export interface KeySource {
  routingKey: string;
  messageId: unknown;
  headers: Record<string, unknown> | undefined;
}

/** A header value as key bytes: strings and buffers as they are, numbers/booleans as text, null → none. */
function headerBytes(value: unknown): Buffer | null {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return Buffer.from(String(value), 'utf8');
  }
  // amqplib decodes some typed field values as objects ({ '!': 'timestamp', value }); arrays and tables.
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** The key bytes of a message, or null when it has none. */
export function extractKey(spec: DrainKeySpec, m: KeySource): Buffer | null {
  switch (spec.kind) {
    case 'routingKey':
      return Buffer.from(m.routingKey, 'utf8');
    case 'messageId':
      return typeof m.messageId === 'string' && m.messageId.length > 0
        ? Buffer.from(m.messageId, 'utf8')
        : null;
    case 'header':
      return headerBytes(m.headers?.[spec.name]);
  }
}

/** Kafka's murmur2 (32-bit, seed 0x9747b28c), as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = length % 4;
  if (rest === 3) h ^= (data[whole + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[whole + 1] ?? 0) << 8;
  if (rest >= 1) {
    h ^= data[whole] ?? 0;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The temp queue index of a key: `(murmur2(key) & 0x7fffffff) % factor`. */
export function keyIndex(key: Uint8Array, factor: number): number {
  return (murmur2(key) & 0x7fffffff) % factor;
}

/** Picks temp queue indexes: by key hash, and round-robin for key-less messages. */
export class TempQueuePicker {
  private next = 0;

  constructor(
    private readonly spec: DrainKeySpec,
    private readonly factor: number,
  ) {}

  pick(m: KeySource): { index: number; keyless: boolean } {
    const key = extractKey(this.spec, m);
    if (key !== null) return { index: keyIndex(key, this.factor), keyless: false };
    const index = this.next;
    this.next = (this.next + 1) % this.factor;
    return { index, keyless: true };
  }
}

/** `<queue>.drain.<jobId>.<i>` for i = 0..factor-1. */
export function tempQueueNames(queue: string, jobId: string, factor: number): string[] {
  return Array.from({ length: factor }, (_, i) => `${queue}.drain.${jobId}.${i}`);
}

export const MIN_FACTOR = 2;
export const MAX_FACTOR = 100;
export const factorSchema = z
  .number()
  .int('the factor must be a whole number')
  .min(MIN_FACTOR, `the factor must be between ${MIN_FACTOR} and ${MAX_FACTOR}`)
  .max(MAX_FACTOR, `the factor must be between ${MIN_FACTOR} and ${MAX_FACTOR}`);
