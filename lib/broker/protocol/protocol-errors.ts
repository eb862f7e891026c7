/**
 * Typed errors of the request path that the network layer must tell apart from malformed bytes
 * (`DecodeError` in ../errors): an unknown api key or an unsupported version still has a readable header,
 * so the connection can answer (ApiVersions) or close cleanly.
 */
import { KafkaProtocolError } from '../errors';

/** What was readable of the request header when the request could not be served. */
export interface UnservedRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** The api key is known but the version is outside the supported range (answer UNSUPPORTED_VERSION). */
export class UnsupportedVersionError extends KafkaProtocolError {
  readonly request: UnservedRequest;
  constructor(request: UnservedRequest) {
    super('UNSUPPORTED_VERSION', `api key ${request.apiKey} version ${request.apiVersion} is not supported`, {
      apiKey: request.apiKey,
      apiVersion: request.apiVersion,
    });
    this.name = 'UnsupportedVersionError';
    this.request = request;
  }
}

/** The api key is not one this broker serves at all. */
export class UnknownApiKeyError extends KafkaProtocolError {
  readonly request: UnservedRequest;
  constructor(request: UnservedRequest) {
    super('UNSUPPORTED_VERSION', `unknown or unsupported api key ${request.apiKey}`, {
      apiKey: request.apiKey,
    });
    this.name = 'UnknownApiKeyError';
    this.request = request;
  }
}

/** A value cannot be encoded (string over 32767 bytes, wrong uuid length): a bug in the caller. */
export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}
