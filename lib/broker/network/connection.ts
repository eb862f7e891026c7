import type { Socket } from 'node:net';
import { FrameReader } from './frame-reader';

/** What a request handler answers: the whole response frame (size prefix included) as chunks, or nothing (acks=0). */
export type FrameResponse = Buffer[] | null;

/** Handles one request frame. Called in arrival order; responses are written in the same order. */
export type FrameHandler = (frame: Buffer, conn: Connection) => Promise<FrameResponse> | FrameResponse;

/** Thrown by a handler to close the connection (malformed request, auth failure): no response is sent. */
export class CloseConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloseConnectionError';
  }
}

export interface ConnectionOptions {
  maxFrameBytes: number;
  /** Requests processed concurrently on one connection before reading pauses (pipelining depth). */
  maxInFlight: number;
  onClose: (conn: Connection, reason: string | undefined) => void;
  onError: (conn: Connection, err: Error) => void;
}

interface Slot {
  done: boolean;
  response: FrameResponse;
}

/**
 * One client connection. Frames are handed to the handler as they arrive (so appends are queued in order and
 * pipelined requests overlap their fsync waits), but responses are written strictly in request order, as
 * Kafka clients require. Reading pauses when too many requests are in flight or the socket is backed up.
 */
export class Connection {
  /** Per-connection state for handlers (client id, SASL state...). */
  readonly attributes = new Map<string, unknown>();
  private readonly reader: FrameReader;
  private readonly queue: Slot[] = [];
  private closed = false;
  private writePaused = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly handler: FrameHandler,
    private readonly opts: ConnectionOptions,
  ) {
    this.reader = new FrameReader(opts.maxFrameBytes);
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

  /** Closes the connection; requests in flight complete but their responses are dropped. */
  close(reason: string | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroy();
    this.opts.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.close((err as Error).message);
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.dispatch(frame);
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
      this.fail(err);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (response) => this.complete(slot, response),
        (err: unknown) => this.fail(err),
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

  private fail(err: unknown): void {
    if (!(err instanceof CloseConnectionError)) this.opts.onError(this, err as Error);
    this.close((err as Error).message);
  }

  private flush(): void {
    let wrote = false;
    while (this.queue.length > 0 && (this.queue[0] as Slot).done) {
      const slot = this.queue.shift() as Slot;
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

  private updateFlow(): void {
    if (this.closed) return;
    const shouldPause = this.writePaused || this.queue.length >= this.opts.maxInFlight;
    if (shouldPause && !this.socket.isPaused()) this.socket.pause();
    else if (!shouldPause && this.socket.isPaused()) this.socket.resume();
  }
}
