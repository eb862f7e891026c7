/**
 * Test helper for hand-built fixtures: a deliberately naive byte builder, independent of the codec, and a
 * runner that checks both directions (decode to the body, encode to the same bytes).
 */
import { describe, expect, it } from 'vitest';
import type { ApiKey } from './api-keys';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from './codec';
import { toBuffer } from './writer';

/** A deliberately naive byte builder, independent of the codec. */
export class B {
  private parts: Buffer[] = [];
  private put(n: number, f: (b: Buffer) => void): this {
    const b = Buffer.alloc(n);
    f(b);
    this.parts.push(b);
    return this;
  }
  i8 = (v: number) => this.put(1, (b) => b.writeInt8(v));
  bool = (v: boolean) => this.i8(v ? 1 : 0);
  i16 = (v: number) => this.put(2, (b) => b.writeInt16BE(v));
  i32 = (v: number) => this.put(4, (b) => b.writeInt32BE(v));
  i64 = (v: number) => this.put(8, (b) => b.writeBigInt64BE(BigInt(v)));
  str = (s: string | null) =>
    s === null ? this.i16(-1) : this.i16(Buffer.byteLength(s)).raw(Buffer.from(s));
  bytes = (v: Buffer) => this.i32(v.length).raw(v);
  arr = (n: number) => this.i32(n);
  raw = (v: Buffer) => {
    this.parts.push(v);
    return this;
  };
  get hex(): string {
    return Buffer.concat(this.parts).toString('hex');
  }
}

export interface Fixture {
  name: string;
  api: ApiKey;
  version: number;
  side: 'request' | 'response';
  body: Record<string, unknown>;
  bytes: () => B;
}

export function runHandBuilt(fixtures: Fixture[]): void {
  describe.each(fixtures)('$name v$version (hand-built)', (f) => {
    it('decodes to the body and encodes back to the same bytes', () => {
      const bytes = Buffer.from(f.bytes().hex, 'hex');
      if (f.side === 'request') {
        expect(decodeRequest(f.api, f.version, bytes)).toEqual(f.body);
        expect(toBuffer(encodeRequest(f.api, f.version, f.body as never)).toString('hex')).toBe(
          bytes.toString('hex'),
        );
      } else {
        expect(decodeResponse(f.api, f.version, bytes)).toEqual(f.body);
        expect(toBuffer(encodeResponse(f.api, f.version, f.body as never)).toString('hex')).toBe(
          bytes.toString('hex'),
        );
      }
    });
  });
}
