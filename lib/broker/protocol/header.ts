/**
 * Request and response headers, and decoding of a whole request frame payload (the bytes after the
 * 4-byte size prefix) into `{ apiKey, header, body }`.
 * Request header v1: api_key int16, api_version int16, correlation_id int32, client_id nullable string.
 * Request header v2 (flexible versions) adds a tagged-field section after client_id; it is only parsed so
 * far as needed to refuse a flexible request cleanly (ApiVersions v3+ fallback).
 * Response header v0: correlation_id int32 (see `encodeResponseFrame` in ./codec).
 */
import { DecodeError, errorCode } from '../errors';
import { ApiKey, FIRST_FLEXIBLE, isApiKey, isSupportedVersion, supportedApiVersions } from './api-keys';
import { encodeResponseFrame, type RequestOf, requestDecoder } from './codec';
import { UnknownApiKeyError, UnsupportedVersionError } from './protocol-errors';
import { Reader } from './reader';
import type { Encoded } from './writer';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** A decoded request: switch on `apiKey` to get a typed `body`. */
export type RequestFrame = {
  [K in ApiKey]: { apiKey: K; apiVersion: number; header: RequestHeader; body: RequestOf<K> };
}[ApiKey];

/** Reads request header v1 (or v2 when `flexible`) from the reader's position. */
export function readRequestHeader(r: Reader, flexible = false): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  if (flexible) r.skipTaggedFields();
  return { apiKey, apiVersion, correlationId, clientId };
}

/**
 * Decodes a request frame payload. Throws `UnknownApiKeyError` or `UnsupportedVersionError` (both carry
 * the readable header: answer or close) before looking at the body, and `DecodeError` for malformed bytes
 * (close the connection). Bytes after the body are ignored, as Kafka does.
 */
export function decodeRequestFrame(payload: Buffer): RequestFrame {
  const r = new Reader(payload);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  if (!isApiKey(apiKey) || !isSupportedVersion(apiKey, apiVersion)) {
    let clientId: string | null = null;
    try {
      clientId = r.nullableString();
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
    }
    const request = { apiKey, apiVersion, correlationId, clientId };
    throw isApiKey(apiKey) ? new UnsupportedVersionError(request) : new UnknownApiKeyError(request);
  }
  const clientId = r.nullableString();
  if (apiVersion >= FIRST_FLEXIBLE[apiKey]) r.skipTaggedFields();
  const header = { apiKey, apiVersion, correlationId, clientId };
  const body = requestDecoder(apiKey, apiVersion, correlationId)(r);
  return { apiKey, apiVersion, header, body } as RequestFrame;
}

/**
 * The answer to an ApiVersions request at a version we do not serve (v3+ from newer clients): the v0
 * layout with UNSUPPORTED_VERSION and our supported list, so the client retries at a version we serve.
 */
export function apiVersionsFallbackFrame(correlationId: number): Encoded {
  return encodeResponseFrame(ApiKey.ApiVersions, 0, correlationId, {
    errorCode: errorCode('UNSUPPORTED_VERSION'),
    apiKeys: supportedApiVersions(),
  });
}
