/**
 * The declarative schema format. Each API describes its request and response once, as a `struct` of
 * named fields (camelCase of the Kafka JSON names, in wire order) with the versions they exist in, the
 * versions in which they are nullable, and the value a field takes in versions where it is absent.
 * Version ranges use the Kafka JSON notation: '3+', '0-2', '5', 'none'. A field without `v` exists in
 * every version. The TypeScript types of decoded bodies (`Out`) and of bodies to encode (`In`: fields
 * with a restricted version range or an explicit default may be left out) are inferred from the schema.
 */

export type ScalarKind =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'bool'
  | 'float64'
  | 'uuid'
  | 'string'
  | 'bytes'
  | 'records';

export type Kind = ScalarKind | 'array';

export interface StructDef {
  readonly kind: 'struct';
  readonly fields: Readonly<Record<string, FieldDef>>;
}

export interface FieldDef {
  readonly kind: Kind;
  /** Versions the field exists in (inclusive; `max` may be Infinity). */
  readonly min: number;
  readonly max: number;
  /** Versions the field is nullable in (`nullMin` is Infinity when never). */
  readonly nullMin: number;
  readonly nullMax: number;
  /** Value when absent in a version or left undefined when encoding; `undefined` means the kind's zero. */
  readonly def: unknown;
  /** Element type of an array. */
  readonly items?: FieldDef | StructDef;
}

/** A field with phantom types: decoded type, type accepted when encoding, whether it may be omitted. */
export interface Field<O, I, Opt extends boolean> extends FieldDef {
  readonly _types?: { out: O; in: I; opt: Opt };
}

export type AnyField = Field<unknown, unknown, boolean>;
export type Fields = Readonly<Record<string, AnyField>>;

export interface Struct<F extends Fields> extends StructDef {
  readonly fields: F;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OutOf<X> = X extends Field<infer O, unknown, boolean> ? O : never;
type InOf<X> = X extends Field<unknown, infer I, boolean> ? I : never;
type OptKeys<F> = { [K in keyof F]: F[K] extends Field<unknown, unknown, true> ? K : never }[keyof F];

/** The decoded shape of a struct: every field present (absent-in-version fields hold their default). */
export type Out<S> = S extends Struct<infer F> ? Simplify<{ -readonly [K in keyof F]: OutOf<F[K]> }> : never;

/** The shape accepted when encoding: optional fields may be left undefined (their default is written). */
export type In<S> =
  S extends Struct<infer F>
    ? Simplify<
        { -readonly [K in Exclude<keyof F, OptKeys<F>>]: InOf<F[K]> } & {
          -readonly [K in OptKeys<F>]?: InOf<F[K]>;
        }
      >
    : never;

export interface FieldOpts<T> {
  /** Versions the field exists in ('3+', '0-2', '5'); every version when omitted. */
  readonly v?: string;
  /** Versions the field is nullable in. */
  readonly nullable?: string;
  /** Value in versions where the field is absent (and when left undefined on encode). */
  readonly default?: T | null;
}

type NoOpts = Record<never, never>;
type IsOptional<O> = O extends { default: unknown }
  ? true
  : O extends { v: infer V }
    ? V extends '0+'
      ? false
      : true
    : false;
type Nullable<O, T> = O extends { nullable: string } ? T | null : T;

/** Parses a Kafka version range: '3+', '0-2', '5' or 'none'. */
export function parseRange(range: string): [number, number] {
  if (range === 'none') return [Number.POSITIVE_INFINITY, -1];
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return [Number(plus[1]), Number.POSITIVE_INFINITY];
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return [Number(span[1]), Number(span[2])];
  if (/^\d+$/.test(range)) return [Number(range), Number(range)];
  throw new Error(`bad version range '${range}'`);
}

function makeField(kind: Kind, opts: FieldOpts<unknown> | undefined, items?: FieldDef | StructDef): FieldDef {
  const [min, max] = parseRange(opts?.v ?? '0+');
  const [nullMin, nullMax] = parseRange(opts?.nullable ?? 'none');
  return { kind, min, max, nullMin, nullMax, def: opts?.default, items };
}

function scalar<T>(kind: ScalarKind) {
  return <const O extends FieldOpts<T> = NoOpts>(
    opts?: O,
  ): Field<Nullable<O, T>, Nullable<O, T>, IsOptional<O>> => makeField(kind, opts);
}

export const int8 = scalar<number>('int8');
export const int16 = scalar<number>('int16');
export const int32 = scalar<number>('int32');
/** int64 as a JS number: see README.md for why and for the ±2^53 caveat. */
export const int64 = scalar<number>('int64');
export const uint32 = scalar<number>('uint32');
export const bool = scalar<boolean>('bool');
export const float64 = scalar<number>('float64');
export const uuid = scalar<Buffer>('uuid');
export const string = scalar<string>('string');
export const bytes = scalar<Buffer>('bytes');
/** A record set, kept opaque: a slice of the request on decode, its own chunk on encode. */
export const records = <const O extends FieldOpts<Buffer> = NoOpts>(
  opts?: O,
): Field<Buffer | null, Buffer | null, IsOptional<O>> => makeField('records', opts);

export function struct<const F extends Fields>(fields: F): Struct<F> {
  for (const name of Object.keys(fields)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`field name '${name}' is not an identifier`);
  }
  return { kind: 'struct', fields };
}

type ElemOut<E> = E extends Struct<Fields> ? Out<E> : OutOf<E>;
type ElemIn<E> = E extends Struct<Fields> ? In<E> : InOf<E>;

export function array<E extends AnyField | Struct<Fields>, const O extends FieldOpts<never[]> = NoOpts>(
  items: E,
  opts?: O,
): Field<Nullable<O, ElemOut<E>[]>, Nullable<O, ElemIn<E>[]>, IsOptional<O>> {
  return makeField('array', opts, items);
}

/** One API: its request and response schemas. */
export interface ApiSchema<Req extends StructDef, Res extends StructDef> {
  readonly request: Req;
  readonly response: Res;
}
