/**
 * Test helper: fast-check arbitraries of decoded bodies for a schema at one version. Fields absent in the
 * version hold their default, nullable fields are null only in versions where they are nullable, so that
 * decode(encode(x)) must equal x exactly.
 */
import fc from 'fast-check';
import { defaultValue, nullableAt, present } from './compile';
import type { FieldDef, StructDef } from './schema';

const SAFE = Number.MAX_SAFE_INTEGER;

function scalar(kind: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'int32':
      return fc.integer({ min: -2147483648, max: 2147483647 });
    case 'uint32':
      return fc.integer({ min: 0, max: 4294967295 });
    case 'int64':
      return fc.oneof(fc.integer({ min: -SAFE, max: SAFE }), fc.constantFrom(-1, 0, 2 ** 32, -(2 ** 32) - 1));
    case 'bool':
      return fc.boolean();
    case 'float64':
      return fc.double();
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'bytes':
    case 'records':
      return fc
        .oneof(fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ minLength: 1100, maxLength: 1300 }))
        .map((a) => Buffer.from(a));
    default:
      throw new Error(`no arbitrary for ${kind}`);
  }
}

function isStruct(x: FieldDef | StructDef): x is StructDef {
  return x.kind === 'struct';
}

function element(t: FieldDef | StructDef, version: number): fc.Arbitrary<unknown> {
  return isStruct(t) ? structArbitrary(t, version) : scalar(t.kind);
}

function field(f: FieldDef, version: number): fc.Arbitrary<unknown> {
  if (!present(f, version)) return fc.constant(defaultValue(f));
  const base =
    f.kind === 'array' && f.items ? fc.array(element(f.items, version), { maxLength: 3 }) : scalar(f.kind);
  return nullableAt(f, version) ? fc.option(base, { nil: null, freq: 4 }) : base;
}

export function structArbitrary(s: StructDef, version: number): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, f] of Object.entries(s.fields)) shape[name] = field(f, version);
  return fc.record(shape);
}
