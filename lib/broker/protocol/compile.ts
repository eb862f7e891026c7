/**
 * Compiles a struct schema, for one version, into a straight-line decoder and encoder (generated once per
 * struct and version, then cached): no per-field closures or lookups on the hot path, and decoded
 * objects are built from one object literal so they share a single hidden class.
 * Generated code only ever contains field names (checked to be identifiers by `struct`), numeric and
 * string literals from the schema, and calls to Reader/Writer methods.
 */
import type { Reader } from './reader';
import type { FieldDef, StructDef } from './schema';
import type { Writer } from './writer';

export type DecodeFn = (r: Reader) => unknown;
export type EncodeFn = (w: Writer, o: unknown) => void;

const EMPTY = Buffer.alloc(0);
const ZERO_UUID = Buffer.alloc(16);

const FIXED_SIZE: Record<string, number> = {
  int8: 1,
  bool: 1,
  int16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  float64: 8,
  uuid: 16,
  string: 2,
  bytes: 4,
  records: 4,
  array: 4,
};

function isStruct(x: FieldDef | StructDef): x is StructDef {
  return x.kind === 'struct';
}

export function present(f: FieldDef, version: number): boolean {
  return version >= f.min && version <= f.max;
}

export function nullableAt(f: FieldDef, version: number): boolean {
  return version >= f.nullMin && version <= f.nullMax;
}

/** The smallest number of bytes one value of this type takes at `version` (for array-count sanity). */
export function minSize(t: FieldDef | StructDef, version: number): number {
  if (!isStruct(t)) return FIXED_SIZE[t.kind] ?? 1;
  let n = 0;
  for (const f of Object.values(t.fields)) if (present(f, version)) n += FIXED_SIZE[f.kind] ?? 1;
  return n;
}

/** The value a field takes when absent in a version (the runtime twin of `defaultSource`). */
export function defaultValue(f: FieldDef): unknown {
  if (f.def !== undefined) return f.def;
  switch (f.kind) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return EMPTY;
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
    case 'array':
      return [];
    default:
      return 0;
  }
}

/** JS source for the value a field takes when absent or undefined. `nonNull` forces a non-null zero. */
function defaultSource(f: FieldDef, nonNull: boolean): string {
  const d = f.def;
  if (d === null && !nonNull) return 'null';
  if (typeof d === 'number' || typeof d === 'boolean') return String(d);
  if (typeof d === 'string') return JSON.stringify(d);
  switch (f.kind) {
    case 'bool':
      return 'false';
    case 'string':
      return '""';
    case 'bytes':
      return 'EMPTY';
    case 'records':
      return nonNull ? 'EMPTY' : 'null';
    case 'uuid':
      return 'ZERO_UUID';
    case 'array':
      return '[]';
    default:
      return '0';
  }
}

function readCall(kind: string, nullable: boolean): string {
  if (kind === 'string') return nullable ? 'r.nullableString()' : 'r.string()';
  if (kind === 'bytes') return nullable ? 'r.nullableBytes()' : 'r.bytes()';
  return `r.${kind}()`;
}

function writeCall(kind: string, nullable: boolean, x: string): string {
  if (kind === 'string') return nullable ? `w.nullableString(${x})` : `w.string(${x})`;
  if (kind === 'bytes') return nullable ? `w.nullableBytes(${x})` : `w.bytes(${x})`;
  return `w.${kind}(${x})`;
}

class Gen {
  readonly fns: string[] = [];
  private count = 0;
  constructor(private readonly version: number) {}

  decoder(s: StructDef): string {
    const name = `d${this.count++}`;
    const v = this.version;
    const body: string[] = [];
    const props: string[] = [];
    let i = 0;
    for (const [key, f] of Object.entries(s.fields)) {
      if (!present(f, v)) {
        props.push(`${key}: ${defaultSource(f, false)}`);
        continue;
      }
      const local = `f${i++}`;
      const nullable = nullableAt(f, v);
      if (f.kind === 'array' && f.items) {
        const items = f.items;
        const elem = isStruct(items) ? `${this.decoder(items)}(r)` : readCall(items.kind, false);
        body.push(
          `let ${local} = null;`,
          `{ const n = r.arrayLength(${minSize(items, v)}, ${nullable}); if (n >= 0) { ${local} = [];`,
          `  for (let i = 0; i < n; i++) ${local}.push(${elem}); } }`,
        );
      } else {
        body.push(`const ${local} = ${readCall(f.kind, nullable)};`);
      }
      props.push(`${key}: ${local}`);
    }
    this.fns.push(`function ${name}(r) {\n${body.join('\n')}\nreturn { ${props.join(', ')} };\n}`);
    return name;
  }

  encoder(s: StructDef): string {
    const name = `e${this.count++}`;
    const v = this.version;
    const body: string[] = ['let x;'];
    for (const [key, f] of Object.entries(s.fields)) {
      if (!present(f, v)) continue;
      const nullable = nullableAt(f, v);
      body.push(`x = o.${key};`);
      if (f.kind === 'array' && f.items) {
        const items = f.items;
        const elem = isStruct(items)
          ? `${this.encoder(items)}(w, x[i])`
          : writeCall(items.kind, false, 'x[i]');
        body.push(
          `if (x === undefined) x = ${defaultSource(f, !nullable)};`,
          `if (x === null) w.int32(${nullable ? -1 : 0});`,
          `else { w.int32(x.length); for (let i = 0; i < x.length; i++) ${elem}; }`,
        );
      } else if (nullable) {
        body.push(`if (x === undefined) x = ${defaultSource(f, false)};`, `${writeCall(f.kind, true, 'x')};`);
      } else {
        body.push(`if (x == null) x = ${defaultSource(f, true)};`, `${writeCall(f.kind, false, 'x')};`);
      }
    }
    this.fns.push(`function ${name}(w, o) {\n${body.join('\n')}\n}`);
    return name;
  }

  build<T>(root: string): T {
    const src = `'use strict';\n${this.fns.join('\n')}\nreturn ${root};`;
    // Code generation from our own static schemas (identifiers and literals only), compiled once.
    const factory = new Function('EMPTY', 'ZERO_UUID', src) as (e: Buffer, z: Buffer) => T;
    return factory(EMPTY, ZERO_UUID);
  }
}

const decoders = new WeakMap<StructDef, Map<number, DecodeFn>>();
const encoders = new WeakMap<StructDef, Map<number, EncodeFn>>();

export function compileDecoder(s: StructDef, version: number): DecodeFn {
  let byVersion = decoders.get(s);
  if (!byVersion) {
    byVersion = new Map<number, DecodeFn>();
    decoders.set(s, byVersion);
  }
  let fn = byVersion.get(version);
  if (!fn) {
    const g = new Gen(version);
    fn = g.build<DecodeFn>(g.decoder(s));
    byVersion.set(version, fn);
  }
  return fn;
}

export function compileEncoder(s: StructDef, version: number): EncodeFn {
  let byVersion = encoders.get(s);
  if (!byVersion) {
    byVersion = new Map<number, EncodeFn>();
    encoders.set(s, byVersion);
  }
  let fn = byVersion.get(version);
  if (!fn) {
    const g = new Gen(version);
    fn = g.build<EncodeFn>(g.encoder(s));
    byVersion.set(version, fn);
  }
  return fn;
}

/** The generated source for a struct at a version (for debugging and the README). */
export function generatedSource(s: StructDef, version: number, direction: 'decode' | 'encode'): string {
  const g = new Gen(version);
  const root = direction === 'decode' ? g.decoder(s) : g.encoder(s);
  return `${g.fns.join('\n')}\n// root: ${root}`;
}
