import { DecodeError } from './errors';
import { type BrokerCore, type Handler, type RequestContext, RespondAndClose } from './handlers/context';
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
import { rawSaslToken } from './sasl/raw';
import { permittedAt, saslStage } from './sasl/session';

/**
 * Turns request frames into response frames: decode → handler → encode. Malformed frames, unknown api keys
 * and unsupported versions close only the offending connection (an ApiVersions request at a newer version
 * is answered in the v0 layout so the client can fall back), and nothing reaches a handler undecoded.
 */
export function createDispatcher(core: BrokerCore, handlers: HandlerTable): FrameHandler {
  return (frame: Buffer, conn: Connection): FrameResponse | Promise<FrameResponse> => {
    // After a SaslHandshake v0 the next frame is a raw SASL token, not a request.
    if (core.sasl !== undefined && saslStage(conn) === 'raw') return rawSaslToken(frame, conn, core);
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
    if (core.sasl !== undefined && !permittedAt(saslStage(conn), apiKey)) {
      core.log.warn('closing connection: request before SASL authentication', {
        conn: conn.remoteAddress,
        api: apiName(apiKey),
      });
      throw new CloseConnectionError(`${apiName(apiKey)} before SASL authentication`);
    }
    const ctx: RequestContext = { header, apiVersion, conn, core };
    const handler = handlers[apiKey] as Handler<typeof apiKey>;
    const encode = (body: ResponseInput<typeof apiKey> | null): FrameResponse =>
      body === null
        ? null
        : encodeResponseFrame(apiKey, apiVersion, header.correlationId, body as never).chunks;
    const closing = (err: unknown): never => {
      if (err instanceof RespondAndClose) throw new CloseConnectionError(err.message, encode(err.body));
      throw err;
    };
    let result: ReturnType<typeof handler>;
    try {
      result = handler(request.body as never, ctx);
    } catch (err) {
      return closing(err);
    }
    return result instanceof Promise ? result.then(encode, closing) : encode(result);
  };
}
