import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  extractKey,
  factorSchema,
  keyIndex,
  murmur2,
  parseKeySpec,
  TempQueuePicker,
  tempQueueNames,
} from './key';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (k: Buffer) => number;

describe('drain key spec', () => {
  it('parses header:<name>, messageId and routingKey', () => {
    expect(parseKeySpec('header:orderId')).toEqual({ kind: 'header', name: 'orderId' });
    expect(parseKeySpec('messageId')).toEqual({ kind: 'messageId' });
    expect(parseKeySpec(' routingKey ')).toEqual({ kind: 'routingKey' });
  });

  it('refuses anything else with the accepted forms in the message', () => {
    expect(() => parseKeySpec('header:')).toThrow(/header:<name>, messageId, routingKey/);
    expect(() => parseKeySpec('body')).toThrow(/not one of/);
    expect(() => parseKeySpec('')).toThrow(/empty/);
  });
});

describe('key extraction', () => {
  const m = { routingKey: 'rk', messageId: 'id-1', headers: { orderId: 42, s: 'x', nil: null } };
  it('reads headers as text, the message id and the routing key', () => {
    expect(extractKey({ kind: 'header', name: 'orderId' }, m)?.toString()).toBe('42');
    expect(extractKey({ kind: 'header', name: 's' }, m)?.toString()).toBe('x');
    expect(extractKey({ kind: 'messageId' }, m)?.toString()).toBe('id-1');
    expect(extractKey({ kind: 'routingKey' }, m)?.toString()).toBe('rk');
  });
  it('has no key for a missing or null header and a missing message id', () => {
    expect(extractKey({ kind: 'header', name: 'nil' }, m)).toBeNull();
    expect(extractKey({ kind: 'header', name: 'absent' }, m)).toBeNull();
    expect(extractKey({ kind: 'header', name: 'x' }, { ...m, headers: undefined })).toBeNull();
    expect(extractKey({ kind: 'messageId' }, { ...m, messageId: undefined })).toBeNull();
  });
});

describe('murmur2 (Kafka default partitioner)', () => {
  it('equals kafkajs murmur2 for keys of every length remainder', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'order-17', 'ключ', '\u00ff\u0000\u0080', 'x'.repeat(1000)];
    for (let i = 0; i < 200; i++) keys.push(`key-${i}-${'z'.repeat(i % 7)}`);
    for (const k of keys) {
      const b = Buffer.from(k, 'utf8');
      expect(murmur2(b), k).toBe(kafkajsMurmur2(b) | 0);
    }
  });

  it('spreads keys over every index and is stable', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(keyIndex(Buffer.from(`k${i}`), 10));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(keyIndex(Buffer.from('k1'), 10)).toBe(keyIndex(Buffer.from('k1'), 10));
  });
});

describe('TempQueuePicker', () => {
  it('sends one key to one queue and key-less messages round-robin', () => {
    const p = new TempQueuePicker({ kind: 'header', name: 'k' }, 3);
    const a = p.pick({ routingKey: '', messageId: undefined, headers: { k: 'A' } });
    expect(p.pick({ routingKey: '', messageId: undefined, headers: { k: 'A' } })).toEqual(a);
    expect(a.keyless).toBe(false);
    const rr = [0, 1, 2, 3].map(() => p.pick({ routingKey: '', messageId: undefined, headers: {} }));
    expect(rr.map((r) => r.index)).toEqual([0, 1, 2, 0]);
    expect(rr.every((r) => r.keyless)).toBe(true);
  });
});

describe('names and factor', () => {
  it('names temp queues <queue>.drain.<job>.<i>', () => {
    expect(tempQueueNames('orders', 'j1', 2)).toEqual(['orders.drain.j1.0', 'orders.drain.j1.1']);
  });
  it('accepts factors 2..100 only', () => {
    expect(factorSchema.safeParse(2).success).toBe(true);
    expect(factorSchema.safeParse(100).success).toBe(true);
    expect(factorSchema.safeParse(1).success).toBe(false);
    expect(factorSchema.safeParse(101).success).toBe(false);
    expect(factorSchema.safeParse(2.5).success).toBe(false);
  });
});
