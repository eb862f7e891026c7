/** The wire codec of the embedded broker: primitives, schemas per api and version, headers. No I/O. */
export {
  ApiKey,
  type ApiName,
  apiName,
  isApiKey,
  isSupportedVersion,
  SUPPORTED,
  supportedApiVersions,
} from './api-keys';
export {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeRequestFrame,
  encodeResponse,
  encodeResponseFrame,
  type RequestInput,
  type RequestOf,
  type ResponseInput,
  type ResponseOf,
} from './codec';
export {
  apiVersionsFallbackFrame,
  decodeRequestFrame,
  type RequestFrame,
  type RequestHeader,
  readRequestHeader,
} from './header';
export {
  EncodeError,
  UnknownApiKeyError,
  type UnservedRequest,
  UnsupportedVersionError,
} from './protocol-errors';
export { Reader } from './reader';
export { type Encoded, sizeOfVarint, sizeOfVarlong, toBuffer, Writer } from './writer';
