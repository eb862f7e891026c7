import { createServer, type Server, type Socket } from 'node:net';
import { Connection, type FrameHandler } from './connection';

export interface ListenerOptions {
  host: string;
  port: number;
  maxConnections: number;
  maxFrameBytes: number;
  /** Frame limit of a connection until it authenticates (SASL listeners). */
  preAuthMaxFrameBytes?: number;
  maxInFlightPerConnection?: number;
  handler: FrameHandler;
  onConnectionError?: (conn: Connection, err: Error) => void;
  onConnectionClose?: (conn: Connection, reason: string | undefined) => void;
  onRejected?: (socket: Socket, reason: string) => void;
}

/** The broker's TCP listener: accepts connections up to a limit and frames their bytes. */
export class Listener {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private nextId = 1;
  private boundPort = 0;

  constructor(private readonly opts: ListenerOptions) {
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        this.boundPort = typeof addr === 'object' && addr ? addr.port : this.opts.port;
        resolve(this.boundPort);
      });
    });
  }

  /** Stops accepting, waits up to `graceMs` for in-flight requests to be answered, then closes every connection. */
  async close(graceMs = 2000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + graceMs;
    while ([...this.connections].some((c) => c.inFlight > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const c of [...this.connections]) c.close('broker shutting down');
    await closed;
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.opts.maxConnections) {
      this.opts.onRejected?.(socket, `max connections (${this.opts.maxConnections}) reached`);
      socket.destroy();
      return;
    }
    const conn = new Connection(this.nextId++, socket, this.opts.handler, {
      maxFrameBytes: this.opts.maxFrameBytes,
      ...(this.opts.preAuthMaxFrameBytes !== undefined
        ? { preAuthMaxFrameBytes: this.opts.preAuthMaxFrameBytes }
        : {}),
      maxInFlight: this.opts.maxInFlightPerConnection ?? 64,
      onClose: (c, reason) => {
        this.connections.delete(c);
        this.opts.onConnectionClose?.(c, reason);
      },
      onError: (c, err) => this.opts.onConnectionError?.(c, err),
    });
    this.connections.add(conn);
  }
}
