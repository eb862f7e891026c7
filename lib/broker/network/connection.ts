import type { Socket } from 'node:net';
import { FrameReader } from './frame-reader';

const EMPTY = Buffer.alloc(0);

/** What a request handler answers: the whole response frame (size prefix included) as chunks, or nothing (acks=0). */
export type FrameResponse = Buffer[] | null;

/** Handles one request frame. Called in arrival order; responses are written in the same order. */
export type FrameHandler = (frame: Buffer, conn: Connection) => Promise<FrameResponse> | FrameResponse;

/**
 * Thrown by a handler to close the connection (malformed request, auth failure). No response is sent unless
 * `response` is given (a whole frame, e.g. SASL_AUTHENTICATION_FAILED): it is written, then the socket closes.
 */
export class CloseConnectionError extends Error {
  constructor(
    message: string,
    readonly response: Buffer[] | null = null,
  ) {
    super(message);
    this.name = 'CloseConnectionError';
  }
}

export interface ConnectionOptions {
  maxFrameBytes: number;
  /** The frame limit until `authenticated()` (SASL listeners: Kafka's sasl.server.max.receive.size). */
  preAuthMaxFrameBytes?: number;
  /** Requests processed concurrently on one connection before reading pauses (pipelining depth). */
  maxInFlight: number;
  onClose: (conn: Connection, reason: string | undefined) => void;
  onError: (conn: Connection, err: Error) => void;
}

interface Slot {
  done: boolean;
  response: FrameResponse;
  /** Set on the slot of a refused request: the connection closes once every earlier response is written. */
  closeReason?: string;
}

/** How long a refused connection may take to flush the responses owed before it closes. */
const CLOSE_FLUSH_TIMEOUT_MS = 5000;

/**
 * One client connection. Frames are handed to the handler as they arrive (so appends are queued in order and
 * pipelined requests overlap their fsync waits), but responses are written strictly in request order, as
 * Kafka clients require. Reading pauses when too many requests are in flight or the socket is backed up.
 * A refused request (malformed, unserved, over the size limit) closes the connection, but only after the
 * requests before it have been answered, as Kafka does; nothing after it is read.
 */
export class Connection {
  /** Per-connection state for handlers (client id, SASL state...). */
  readonly attributes = new Map<string, unknown>();
  private readonly reader: FrameReader;
  private readonly queue: Slot[] = [];
  private closed = false;
  /** A request was refused: read nothing more, close once the responses before it are written. */
  private closing = false;
  private writePaused = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly handler: FrameHandler,
    private readonly opts: ConnectionOptions,
  ) {
    this.reader = new FrameReader(
      Math.min(opts.preAuthMaxFrameBytes ?? opts.maxFrameBytes, opts.maxFrameBytes),
    );
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writePaused = false;
      this.updateFlow();
    });
    socket.on('error', (err) => {
      this.opts.onError(this, err);
      this.close(err.message);
    });
    socket.on('close', () => this.close(undefined));
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  get inFlight(): number {
    return this.queue.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The client has authenticated: frames up to maxFrameBytes are accepted from now on. */
  authenticated(): void {
    this.reader.limit = this.opts.maxFrameBytes;
  }

  /** Closes the connection; requests in flight complete but their responses are dropped. */
  close(reason: string | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroy();
    this.opts.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.refuse(undefined, err);
      return;
    }
    for (const frame of frames) {
      if (this.closed || this.closing) return;
      this.dispatch(frame);
    }
    // A bad size prefix right after complete frames is only reported by the next push.
    if (frames.length > 0 && !this.closed && !this.closing) {
      try {
        this.reader.push(EMPTY);
      } catch (err) {
        this.refuse(undefined, err);
        return;
      }
    }
    this.updateFlow();
  }

  private dispatch(frame: Buffer): void {
    const slot: Slot = { done: false, response: null };
    this.queue.push(slot);
    let result: Promise<FrameResponse> | FrameResponse;
    try {
      result = this.handler(frame, this);
    } catch (err) {
      this.refuse(slot, err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (response) => this.complete(slot, response),
        (err: unknown) => this.refuse(slot, err),
      );
    } else {
      this.complete(slot, result);
    }
  }

  private complete(slot: Slot, response: FrameResponse): void {
    if (this.closed) return;
    slot.done = true;
    slot.response = response;
    this.flush();
  }

  /**
   * Refuses the request of `slot` (or, without a slot, the bytes after the last complete frame): stops
   * reading and closes the connection once every earlier response has been written.
   */
  private refuse(slot: Slot | undefined, err: unknown): void {
    if (this.closed) return;
    if (!(err instanceof CloseConnectionError)) this.opts.onError(this, err as Error);
    const reason = (err as Error)?.message ?? String(err);
    if (this.closing) return;
    this.closing = true;
    const refused = slot ?? { done: true, response: null };
    refused.done = true;
    refused.response = err instanceof CloseConnectionError ? err.response : null;
    refused.closeReason = reason;
    if (!slot) this.queue.push(refused);
    this.socket.pause();
    this.flush();
  }

  private flush(): void {
    let wrote = false;
    while (this.queue.length > 0 && (this.queue[0] as Slot).done) {
      const slot = this.queue.shift() as Slot;
      if (slot.closeReason !== undefined) {
        // A refusal may carry a last response (an authentication error): written, then the socket ends.
        for (const chunk of slot.response ?? []) this.socket.write(chunk);
        this.closeAfterWrites(slot.closeReason);
        return;
      }
      const chunks = slot.response;
      if (!chunks) continue;
      if (!wrote) {
        this.socket.cork();
        wrote = true;
      }
      for (let i = 0; i < chunks.length; i++) {
        if (!this.socket.write(chunks[i] as Buffer)) this.writePaused = true;
      }
    }
    if (wrote) process.nextTick(() => this.socket.uncork());
    this.updateFlow();
  }

  /** Ends the socket after what was written reaches it (end() also flushes a cork), then closes. */
  private closeAfterWrites(reason: string): void {
    this.queue.length = 0;
    const timer = setTimeout(() => this.close(reason), CLOSE_FLUSH_TIMEOUT_MS);
    timer.unref();
    this.socket.end(() => {
      clearTimeout(timer);
      this.close(reason);
    });
  }

  private updateFlow(): void {
    if (this.closed || this.closing) return;
    const shouldPause = this.writePaused || this.queue.length >= this.opts.maxInFlight;
    if (shouldPause && !this.socket.isPaused()) this.socket.pause();
    else if (!shouldPause && this.socket.isPaused()) this.socket.resume();
  }
}
