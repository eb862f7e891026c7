import { DecodeError } from './errors';
import type { BrokerCore, Handler, RequestContext } from './handlers/context';
import type { HandlerTable } from './handlers/index';
import {
  CloseConnectionError,
  type Connection,
  type FrameHandler,
  type FrameResponse,
} from './network/connection';
import { ApiKey, apiName } from './protocol/api-keys';
import { encodeResponseFrame, type ResponseInput } from './protocol/codec';
import { apiVersionsFallbackFrame, decodeRequestFrame, type RequestFrame } from './protocol/header';
import { UnknownApiKeyError, UnsupportedVersionError } from './protocol/protocol-errors';

/**
 * Turns request frames into response frames: decode → handler → encode. Malformed frames, unknown api keys
 * and unsupported versions close only the offending connection (an ApiVersions request at a newer version
 * is answered in the v0 layout so the client can fall back), and nothing reaches a handler undecoded.
 */
export function createDispatcher(core: BrokerCore, handlers: HandlerTable): FrameHandler {
  return (frame: Buffer, conn: Connection): FrameResponse | Promise<FrameResponse> => {
    let request: RequestFrame;
    try {
      request = decodeRequestFrame(frame);
    } catch (err) {
      if (err instanceof UnsupportedVersionError && err.request.apiKey === ApiKey.ApiVersions) {
        return apiVersionsFallbackFrame(err.request.correlationId).chunks;
      }
      if (err instanceof UnsupportedVersionError || err instanceof UnknownApiKeyError) {
        core.log.warn('closing connection: request not served', {
          conn: conn.remoteAddress,
          api: apiName(err.request.apiKey),
          version: err.request.apiVersion,
          clientId: err.request.clientId,
        });
        throw new CloseConnectionError(err.message);
      }
      if (err instanceof DecodeError) {
        core.log.warn('closing connection: malformed request', {
          conn: conn.remoteAddress,
          error: err.message,
        });
        throw new CloseConnectionError(err.message);
      }
      throw err;
    }
    const { apiKey, apiVersion, header } = request;
    const ctx: RequestContext = { header, apiVersion, conn, core };
    const handler = handlers[apiKey] as Handler<typeof apiKey>;
    const result = handler(request.body as never, ctx);
    const encode = (body: ResponseInput<typeof apiKey> | null): FrameResponse =>
      body === null
        ? null
        : encodeResponseFrame(apiKey, apiVersion, header.correlationId, body as never).chunks;
    return result instanceof Promise ? result.then(encode) : encode(result);
  };
}
