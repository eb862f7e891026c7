#!/usr/bin/env node
// Readiness probe for a Kafka broker that needs no npm package (it runs before `npm ci` too).
// It sends a Metadata v4 request over a plain TCP socket and succeeds once the broker lists at least
// one live broker, which a KRaft node does only after it has joined its quorum and been unfenced.
// A TCP connect alone is not enough: the port opens before the broker can serve requests.
//
//   node scripts/wait-for-kafka.mjs [--bootstrap HOST:PORT] [--timeout-ms N] [--interval-ms N] [--pid PID] [--quiet]
// Retries every --interval-ms until --timeout-ms has passed; with --pid, gives up as soon as that process
// is gone (a broker that died while starting). Exit 0 when ready, 1 when not, 2 on bad arguments.
import net from 'node:net';
import { parseArgs } from 'node:util';

const METADATA_API_KEY = 3;
const METADATA_VERSION = 4; // request header v1, response header v0; served by Kafka 1.0 through 4.x
const CLIENT_ID = 'spillway-wait-for-kafka';

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        bootstrap: {
          type: 'string',
          default: process.env.SPILLWAY_TEST_KAFKA || `127.0.0.1:${process.env.SPILLWAY_KAFKA_PORT || 19092}`,
        },
        'timeout-ms': { type: 'string', default: '60000' },
        'interval-ms': { type: 'string', default: '250' },
        pid: { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
    });
    const [first] = values.bootstrap.split(',');
    const match = /^(.+):(\d+)$/.exec(first.trim());
    const timeoutMs = Number(values['timeout-ms']);
    const intervalMs = Number(values['interval-ms']);
    const pid = values.pid === undefined ? undefined : Number(values.pid);
    if (!match) throw new Error(`bad --bootstrap ${values.bootstrap}`);
    if (!(timeoutMs > 0) || !(intervalMs >= 0)) throw new Error('bad --timeout-ms or --interval-ms');
    if (pid !== undefined && !(Number.isInteger(pid) && pid > 0)) throw new Error(`bad --pid ${values.pid}`);
    return { host: match[1], port: Number(match[2]), timeoutMs, intervalMs, pid, quiet: values.quiet };
  } catch (error) {
    console.error(`wait-for-kafka: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

function metadataRequest(correlationId) {
  const clientId = Buffer.from(CLIENT_ID, 'utf8');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let o = 0;
  o = body.writeInt16BE(METADATA_API_KEY, o);
  o = body.writeInt16BE(METADATA_VERSION, o);
  o = body.writeInt32BE(correlationId, o);
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  o = body.writeInt32BE(-1, o); // topics: null = all topics
  body.writeInt8(0, o); // allow_auto_topic_creation: false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

function parseMetadata(frame, correlationId) {
  let o = 0;
  const readInt32 = () => {
    const v = frame.readInt32BE(o);
    o += 4;
    return v;
  };
  const readString = () => {
    const len = frame.readInt16BE(o);
    o += 2;
    if (len < 0) return null;
    const s = frame.toString('utf8', o, o + len);
    o += len;
    return s;
  };
  if (readInt32() !== correlationId) throw new Error('correlation id mismatch');
  readInt32(); // throttle_time_ms
  const brokerCount = readInt32();
  const brokers = [];
  for (let i = 0; i < brokerCount; i++) {
    const nodeId = readInt32();
    const host = readString();
    const port = readInt32();
    readString(); // rack
    brokers.push({ nodeId, host, port });
  }
  const clusterId = readString();
  const controllerId = readInt32();
  return { brokers, clusterId, controllerId };
}

function probeOnce(host, port, timeoutMs) {
  return new Promise((resolve, reject) => {
    const correlationId = Math.floor(Math.random() * 0x7fffffff);
    const socket = net.connect({ host, port });
    let chunks = Buffer.alloc(0);
    const fail = (error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(metadataRequest(correlationId)));
    socket.on('data', (data) => {
      chunks = Buffer.concat([chunks, data]);
      if (chunks.length < 4) return;
      const size = chunks.readInt32BE(0);
      if (size < 0 || size > 64 * 1024 * 1024) return fail(new Error(`bad response size ${size}`));
      if (chunks.length < 4 + size) return;
      socket.destroy();
      try {
        resolve(parseMetadata(chunks.subarray(4, 4 + size), correlationId));
      } catch (error) {
        reject(error);
      }
    });
    socket.on('close', () => reject(new Error('connection closed before a full response')));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error?.code === 'EPERM';
  }
}

const { host, port, timeoutMs, intervalMs, pid, quiet } = parseOptions();
const deadline = Date.now() + timeoutMs;
let lastError = 'not tried';
for (;;) {
  const remaining = deadline - Date.now();
  if (remaining <= 0) break;
  if (pid !== undefined && !alive(pid)) {
    lastError = `process ${pid} exited`;
    break;
  }
  try {
    const md = await probeOnce(host, port, Math.min(remaining, 2000));
    if (md.brokers.length > 0) {
      if (!quiet) {
        const list = md.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
        console.log(`kafka ready on ${host}:${port}: cluster ${md.clusterId}, brokers ${list}`);
      }
      process.exit(0);
    }
    lastError = 'metadata lists no live broker yet';
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
  }
  const wait = Math.min(intervalMs, deadline - Date.now());
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
if (!quiet) console.error(`wait-for-kafka: ${host}:${port} not ready: ${lastError}`);
process.exit(1);
