// A TCP proxy in front of an embedded broker that rewrites Metadata answers so chosen partitions look
// offline (leader -1, LEADER_NOT_AVAILABLE, empty ISR) — what Apache Kafka answers when a partition's
// leader broker is gone, which a single-node test cluster cannot produce. It also advertises itself in
// Metadata and FindCoordinator answers so that every connection of the client goes through it.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ApiKey, decodeResponse, encodeResponseFrame, toBuffer } from '../../lib/broker/protocol';

export interface PartitionRef {
  topic: string;
  partition: number;
}

const LEADER_NOT_AVAILABLE = 5;
/** Highest non-flexible versions (response header v0), the ones kafkajs uses. */
const MAX_METADATA = 8;
const MAX_FIND_COORDINATOR = 2;

/** Splits a byte stream into whole Kafka frames (size prefix included). */
class Frames {
  private buf: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      out.push(this.buf.subarray(0, 4 + size));
      this.buf = this.buf.subarray(4 + size);
    }
    return out;
  }
}

export class MetadataProxy {
  /** Partitions to report offline from now on. */
  offline: PartitionRef[] = [];
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    private readonly server: Server,
    private readonly targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<MetadataProxy> {
    const server = createServer();
    const proxy = new MetadataProxy(server, targetPort);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.port = (server.address() as { port: number }).port;
    return proxy;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const pending = new Map<number, { apiKey: number; version: number }>();
    const fromClient = new Frames();
    const fromBroker = new Frames();
    client.on('data', (chunk: Buffer) => {
      for (const f of fromClient.push(chunk)) {
        pending.set(f.readInt32BE(8), { apiKey: f.readInt16BE(4), version: f.readInt16BE(6) });
        upstream.write(f);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const f of fromBroker.push(chunk)) {
        const correlationId = f.readInt32BE(4);
        const request = pending.get(correlationId);
        pending.delete(correlationId);
        client.write(request ? this.rewrite(request.apiKey, request.version, correlationId, f) : f);
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }

  private rewrite(apiKey: number, version: number, correlationId: number, frame: Buffer): Buffer {
    if (apiKey === ApiKey.Metadata && version <= MAX_METADATA) {
      const body = decodeResponse(ApiKey.Metadata, version, frame, 8);
      for (const b of body.brokers) Object.assign(b, { host: '127.0.0.1', port: this.port });
      for (const t of body.topics) {
        for (const p of t.partitions) {
          if (!this.offline.some((o) => o.topic === t.name && o.partition === p.partitionIndex)) continue;
          Object.assign(p, {
            errorCode: LEADER_NOT_AVAILABLE,
            leaderId: -1,
            isrNodes: [],
            offlineReplicas: [...p.replicaNodes],
          });
        }
      }
      return toBuffer(encodeResponseFrame(ApiKey.Metadata, version, correlationId, body));
    }
    if (apiKey === ApiKey.FindCoordinator && version <= MAX_FIND_COORDINATOR) {
      const body = decodeResponse(ApiKey.FindCoordinator, version, frame, 8);
      Object.assign(body, { host: '127.0.0.1', port: this.port });
      return toBuffer(encodeResponseFrame(ApiKey.FindCoordinator, version, correlationId, body));
    }
    return frame;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
