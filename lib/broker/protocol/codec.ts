/**
 * The generic codec: decode/encode any served api's request or response body at any served version,
 * using the compiled form of its schema. Bodies are typed from the schemas (`RequestOf<K>` ...).
 */
import { type ApiKey, isApiKey, isSupportedVersion } from './api-keys';
import { compileDecoder, compileEncoder, type DecodeFn, type EncodeFn } from './compile';
import { UnknownApiKeyError, UnsupportedVersionError } from './protocol-errors';
import { Reader } from './reader';
import type { In, Out } from './schema';
import { SCHEMAS, type Schemas } from './schemas';
import { type Encoded, Writer } from './writer';

/** A decoded request body of api `K` (every field present; absent-in-version fields hold defaults). */
export type RequestOf<K extends ApiKey> = Out<Schemas[K]['request']>;
/** A request body of api `K` to encode (fields with defaults may be omitted). */
export type RequestInput<K extends ApiKey> = In<Schemas[K]['request']>;
/** A decoded response body of api `K`. */
export type ResponseOf<K extends ApiKey> = Out<Schemas[K]['response']>;
/** A response body of api `K` to encode (fields with defaults may be omitted). */
export type ResponseInput<K extends ApiKey> = In<Schemas[K]['response']>;

interface Compiled {
  decodeRequest?: DecodeFn;
  encodeRequest?: EncodeFn;
  decodeResponse?: DecodeFn;
  encodeResponse?: EncodeFn;
}

const cache = new Map<number, Compiled>();

/** The compiled entry for a served (apiKey, version), or a typed error naming what is not served. */
export function compiled(apiKey: number, version: number, correlationId = -1): Compiled {
  const hit = cache.get(apiKey * 256 + version);
  if (hit) return hit;
  const request = { apiKey, apiVersion: version, correlationId, clientId: null };
  if (!isApiKey(apiKey)) throw new UnknownApiKeyError(request);
  if (!isSupportedVersion(apiKey, version)) throw new UnsupportedVersionError(request);
  const entry: Compiled = {};
  cache.set(apiKey * 256 + version, entry);
  return entry;
}

function schemaOf(apiKey: number) {
  return SCHEMAS[apiKey as ApiKey];
}

export function requestDecoder(apiKey: number, version: number, correlationId = -1): DecodeFn {
  const c = compiled(apiKey, version, correlationId);
  if (!c.decodeRequest) c.decodeRequest = compileDecoder(schemaOf(apiKey).request, version);
  return c.decodeRequest;
}

/** Decodes a request body starting at `offset` (throws DecodeError / UnsupportedVersionError / UnknownApiKeyError). */
export function decodeRequest<K extends ApiKey>(
  apiKey: K,
  version: number,
  buf: Buffer,
  offset = 0,
): RequestOf<K> {
  return requestDecoder(apiKey, version)(new Reader(buf, offset)) as RequestOf<K>;
}

/** Decodes a response body (for tests and a client). */
export function decodeResponse<K extends ApiKey>(
  apiKey: K,
  version: number,
  buf: Buffer,
  offset = 0,
): ResponseOf<K> {
  const c = compiled(apiKey, version);
  if (!c.decodeResponse) c.decodeResponse = compileDecoder(schemaOf(apiKey).response, version);
  return c.decodeResponse(new Reader(buf, offset)) as ResponseOf<K>;
}

const writer = new Writer();

function responseEncoder(apiKey: number, version: number): EncodeFn {
  const c = compiled(apiKey, version);
  if (!c.encodeResponse) c.encodeResponse = compileEncoder(schemaOf(apiKey).response, version);
  return c.encodeResponse;
}

function requestEncoder(apiKey: number, version: number): EncodeFn {
  const c = compiled(apiKey, version);
  if (!c.encodeRequest) c.encodeRequest = compileEncoder(schemaOf(apiKey).request, version);
  return c.encodeRequest;
}

/** Encodes a response body (no size prefix, no header). */
export function encodeResponse<K extends ApiKey>(
  apiKey: K,
  version: number,
  body: ResponseInput<K>,
): Encoded {
  const enc = responseEncoder(apiKey, version);
  writer.begin();
  enc(writer, body);
  return writer.finish();
}

/**
 * Encodes a whole response frame: 4-byte size, response header v0 (correlation id), body. Every served
 * version is non-flexible, and ApiVersions always answers with header v0, so header v0 is the only one.
 */
export function encodeResponseFrame<K extends ApiKey>(
  apiKey: K,
  version: number,
  correlationId: number,
  body: ResponseInput<K>,
): Encoded {
  const enc = responseEncoder(apiKey, version);
  writer.begin();
  writer.int32(0);
  writer.int32(correlationId);
  enc(writer, body);
  return withSize(writer.finish());
}

/** Encodes a request body (for tests and a client). */
export function encodeRequest<K extends ApiKey>(apiKey: K, version: number, body: RequestInput<K>): Encoded {
  const enc = requestEncoder(apiKey, version);
  writer.begin();
  enc(writer, body);
  return writer.finish();
}

/** Encodes a whole request frame: 4-byte size, request header v1, body (for tests and a client). */
export function encodeRequestFrame<K extends ApiKey>(
  apiKey: K,
  version: number,
  header: { correlationId: number; clientId: string | null },
  body: RequestInput<K>,
): Encoded {
  const enc = requestEncoder(apiKey, version);
  writer.begin();
  writer.int32(0);
  writer.int16(apiKey);
  writer.int16(version);
  writer.int32(header.correlationId);
  writer.nullableString(header.clientId);
  enc(writer, body);
  return withSize(writer.finish());
}

/** Patches the 4-byte size prefix (the first chunk always holds it: records come after the header). */
function withSize(e: Encoded): Encoded {
  (e.chunks[0] as Buffer).writeInt32BE(e.length - 4, 0);
  return e;
}
