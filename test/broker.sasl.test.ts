/*
 * Scenario: the embedded broker with SASL/PLAIN users. kafkajs and kcat with the right credentials create,
 * produce and consume; a wrong password or an unknown user is refused with SASL_AUTHENTICATION_FAILED and
 * the connection closes; a client without credentials, or any request sent before authenticating, has its
 * connection closed; the legacy v0 flow (raw token after SaslHandshake v0) works; a large frame before
 * authentication is refused; and the broker's log names users but never contains a password.
 */

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerLogger } from '../lib/broker/handlers/context';
import { ApiKey, decodeResponse, encodeRequestFrame, toBuffer } from '../lib/broker/protocol';
import { embeddedClusterOf, loadConfig } from '../lib/config';
import { DEMO_DEFAULTS } from '../lib/demo/scenario';
import { DemoWorkload } from '../lib/demo/workload';
import { createSource } from '../lib/sources';
import {
  freePort,
  SPILLWAY_BIN,
  spawnBroker,
  startTestBroker,
  type TestBroker,
  tempDir,
} from './helpers/broker';
import { kafkaFor, readAll } from './helpers/kafkajs';
import { kcat, kcatOk } from './helpers/kcat';
import { RawConnection } from './helpers/raw-kafka';
import { eventually, uniqueName } from './helpers/services';

const SASL_AUTHENTICATION_FAILED = 58;
const ALICE = { username: 'alice', password: 'alice-Secret-7f3a' };
const BOB = { username: 'bob', password: 'bob-Secret-91c2' };
const WRONG = 'not-the-Password-55d0';

let tb: TestBroker;
const logLines: string[] = [];
const capture: BrokerLogger = {
  debug: (msg, fields) => logLines.push(`${msg} ${JSON.stringify(fields ?? {})}`),
  info: (msg, fields) => logLines.push(`${msg} ${JSON.stringify(fields ?? {})}`),
  warn: (msg, fields) => logLines.push(`${msg} ${JSON.stringify(fields ?? {})}`),
  error: (msg, fields) => logLines.push(`${msg} ${JSON.stringify(fields ?? {})}`),
};

/** A kafkajs client authenticating as `user`; `failFast` gives up at the first error (refusal tests). */
function withUser(user: { username: string; password: string }, failFast = false): Kafka {
  return kafkaFor(tb.bootstrap, {
    sasl: { mechanism: 'plain', username: user.username, password: user.password },
    ...(failFast ? { retry: { retries: 0 } } : {}),
  });
}

function frame<K extends ApiKey>(apiKey: K, version: number, correlationId: number, body: unknown): Buffer {
  return toBuffer(
    encodeRequestFrame(apiKey, version, { correlationId, clientId: 'sasl-test' }, body as never),
  );
}

function plainToken(user: string, password: string): Buffer {
  return Buffer.from(`\0${user}\0${password}`);
}

beforeAll(async () => {
  tb = await startTestBroker({ sasl: { mechanism: 'plain', users: [ALICE, BOB] }, logger: capture });
});

afterAll(async () => {
  await tb?.close();
  // Checked last, over everything every test made the broker log.
  const all = logLines.join('\n');
  for (const secret of [ALICE.password, BOB.password, WRONG]) expect(all).not.toContain(secret);
});

async function raw(): Promise<RawConnection> {
  return RawConnection.open(tb.broker.port);
}

describe('embedded broker with SASL/PLAIN', () => {
  it('kafkajs with the right credentials creates a topic, produces with acks -1 and consumes it back', async () => {
    const kafka = withUser(ALICE);
    const topic = uniqueName('sasl');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true });
    await producer.connect();
    const values = Array.from({ length: 50 }, (_, i) => `m-${i}`);
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value, i) => ({ key: `k${i % 5}`, value })),
    });
    await producer.disconnect();
    const read = await readAll(withUser(BOB), topic);
    expect(read.map((m) => m.value).sort()).toEqual([...values].sort());
  });

  it('kafkajs with a wrong password or an unknown user is refused with SASL_AUTHENTICATION_FAILED', async () => {
    for (const user of [
      { ...ALICE, password: WRONG },
      { username: 'mallory', password: WRONG },
    ]) {
      const admin = withUser(user, true).admin();
      const err = (await admin.connect().then(
        () => null,
        (e: unknown) => e,
      )) as Error | null;
      expect(err, user.username).not.toBeNull();
      expect(err?.name).toBe('KafkaJSSASLAuthenticationError');
      expect(err?.message).toMatch(/Invalid username or password/);
      await admin.disconnect();
    }
    expect(
      logLines.some((l) => l.startsWith('SASL authentication failed') && l.includes('"user":"alice"')),
    ).toBe(true);
    expect(logLines.some((l) => l.includes('"user":"mallory"'))).toBe(true);
  });

  it('a wrong password gets the error response, then the connection closes (raw protocol, v1 flow)', async () => {
    const c = await raw();
    await c.write(frame(ApiKey.SaslHandshake, 1, 1, { mechanism: 'PLAIN' }));
    const hs = decodeResponse(ApiKey.SaslHandshake, 1, await c.nextFrame(), 4);
    expect(hs).toEqual({ errorCode: 0, mechanisms: ['PLAIN'] });
    await c.write(frame(ApiKey.SaslAuthenticate, 1, 2, { authBytes: plainToken(BOB.username, WRONG) }));
    const auth = decodeResponse(ApiKey.SaslAuthenticate, 1, await c.nextFrame(), 4);
    expect(auth.errorCode).toBe(SASL_AUTHENTICATION_FAILED);
    expect(auth.errorMessage).not.toContain(WRONG);
    await c.expectClosedByPeer();
  });

  it('closes the connection of a request sent before authenticating; ApiVersions is answered', async () => {
    const metadata = { topics: [], allowAutoTopicCreation: false };
    const before = await raw();
    await before.write(frame(ApiKey.ApiVersions, 0, 1, {}));
    const versions = decodeResponse(ApiKey.ApiVersions, 0, await before.nextFrame(), 4);
    expect(versions.apiKeys.map((a) => a.apiKey)).toContain(ApiKey.SaslAuthenticate);
    await before.write(frame(ApiKey.Metadata, 1, 2, metadata));
    expect(await before.expectClosedByPeer()).toBe(0);

    // Between the handshake and SaslAuthenticate, too.
    const between = await raw();
    await between.write(frame(ApiKey.SaslHandshake, 1, 1, { mechanism: 'PLAIN' }));
    await between.nextFrame();
    await between.write(frame(ApiKey.Metadata, 1, 2, metadata));
    expect(await between.expectClosedByPeer()).toBe(0);

    // And kafkajs without credentials cannot do anything.
    const admin = kafkaFor(tb.bootstrap, { retry: { retries: 0 } }).admin();
    await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
    await admin.disconnect();
  });

  it('an unsupported mechanism is answered with the supported list, then the connection closes', async () => {
    const c = await raw();
    await c.write(frame(ApiKey.SaslHandshake, 1, 1, { mechanism: 'SCRAM-SHA-256' }));
    const hs = decodeResponse(ApiKey.SaslHandshake, 1, await c.nextFrame(), 4);
    expect(hs).toEqual({ errorCode: 33, mechanisms: ['PLAIN'] });
    await c.expectClosedByPeer();
  });

  it('the legacy flow: SaslHandshake v0, then the raw token, answered by an empty token; then requests work', async () => {
    const c = await raw();
    await c.write(frame(ApiKey.SaslHandshake, 0, 1, { mechanism: 'PLAIN' }));
    expect(decodeResponse(ApiKey.SaslHandshake, 0, await c.nextFrame(), 4).errorCode).toBe(0);
    const token = plainToken(ALICE.username, ALICE.password);
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length, 0);
    await c.write(Buffer.concat([size, token]));
    expect((await c.nextFrame()).length).toBe(0);
    await c.write(frame(ApiKey.Metadata, 1, 2, { topics: [], allowAutoTopicCreation: false }));
    const md = decodeResponse(ApiKey.Metadata, 1, await c.nextFrame(), 4);
    expect(md.brokers.map((b) => b.port)).toEqual([tb.broker.port]);
    c.destroy();

    const bad = await raw();
    await bad.write(frame(ApiKey.SaslHandshake, 0, 1, { mechanism: 'PLAIN' }));
    await bad.nextFrame();
    const wrong = plainToken(ALICE.username, WRONG);
    size.writeInt32BE(wrong.length, 0);
    await bad.write(Buffer.concat([size, wrong]));
    expect(await bad.expectClosedByPeer()).toBe(0);
  });

  it('refuses a frame above 512 KiB before authentication (the broker limit applies after)', async () => {
    const c = await raw();
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(600 * 1024, 0);
    await c.write(prefix).catch(() => undefined);
    expect(await c.expectClosedByPeer()).toBe(0);
  });

  it('kcat with SASL_PLAINTEXT and PLAIN lists metadata, produces and consumes; a wrong password fails', async () => {
    const topic = uniqueName('sasl-kcat');
    const auth = (password: string) => [
      '-X',
      'security.protocol=SASL_PLAINTEXT',
      '-X',
      'sasl.mechanisms=PLAIN',
      '-X',
      `sasl.username=${ALICE.username}`,
      '-X',
      `sasl.password=${password}`,
    ];
    const lines = Array.from({ length: 20 }, (_, i) => `kcat-${i}`);
    await kcatOk(tb.bootstrap, [...auth(ALICE.password), '-P', '-t', topic], {
      input: `${lines.join('\n')}\n`,
    });
    const metadata = JSON.parse(
      await kcatOk(tb.bootstrap, [...auth(ALICE.password), '-L', '-J', '-t', topic]),
    );
    expect(metadata.topics.map((t: { topic: string }) => t.topic)).toEqual([topic]);
    const out = await kcatOk(tb.bootstrap, [
      ...auth(ALICE.password),
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
    ]);
    expect(out.trim().split('\n')).toEqual(lines);
    const refused = await kcat(tb.bootstrap, [...auth(WRONG), '-L', '-m', '5'], { timeoutMs: 20_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Authentication failed|SASL/i);
  });

  it("Spillway's own source for the embedded cluster authenticates as its first user (password from an env variable)", async () => {
    const dir = tempDir('spillway-sasl-config-');
    // The config file references the password as ${VAR}; loadConfig interpolates it from the environment.
    const file = path.join(dir, 'spillway.config.json');
    const embedded = (password: string) => ({
      name: 'embedded',
      kind: 'embedded',
      port: tb.broker.port,
      sasl: { users: [{ username: ALICE.username, password }, BOB] },
    });
    writeFileSync(file, JSON.stringify({ clusters: [embedded(`\${TEST_EMBEDDED_SASL_PASSWORD}`)] }));
    const topic = uniqueName('sasl-source');
    const admin = withUser(BOB).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();

    for (const [password, works] of [
      [ALICE.password, true],
      [WRONG, false],
    ] as const) {
      const { config } = loadConfig({ configFile: file, env: { TEST_EMBEDDED_SASL_PASSWORD: password } });
      const cluster = embeddedClusterOf(config);
      expect(cluster?.sasl?.users[0]?.password).toBe(password);
      const source = createSource(cluster as NonNullable<typeof cluster>);
      try {
        if (works) {
          expect((await source.topic(topic)).partitions).toHaveLength(3);
        } else {
          const err = (await source.topic(topic).then(
            () => null,
            (e: unknown) => e,
          )) as Error | null;
          expect(err).not.toBeNull();
          expect(String(err?.message)).not.toContain(WRONG);
        }
      } finally {
        await source.close();
      }
    }
  });

  it('spillway broker --sasl-users FILE requires the users of the file; its log never shows a password', async () => {
    const dir = tempDir('spillway-sasl-cli-');
    const users = path.join(dir, 'users.json');
    writeFileSync(users, JSON.stringify([ALICE]));
    const proc = await spawnBroker(path.join(dir, 'data'), await freePort(), ['--sasl-users', users]);
    try {
      const admin = kafkaFor(proc.bootstrap, {
        sasl: { mechanism: 'plain', ...ALICE },
      }).admin();
      await admin.connect();
      const topic = uniqueName('sasl-cli');
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      expect(await admin.listTopics()).toContain(topic);
      await admin.disconnect();
      const refused = kafkaFor(proc.bootstrap, {
        sasl: { mechanism: 'plain', username: ALICE.username, password: WRONG },
        retry: { retries: 0 },
      }).admin();
      await expect(refused.connect()).rejects.toThrow(/Invalid username or password/);
      await refused.disconnect();
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    expect(proc.log()).toMatch(/SASL authentication failed/);
    expect(proc.log()).toContain('alice');
    expect(proc.log()).not.toContain(ALICE.password);
    expect(proc.log()).not.toContain(WRONG);

    // A file with a problem is a one-line usage error (exit 2) that does not quote the password.
    writeFileSync(users, JSON.stringify([ALICE, { username: 'alice', password: 'other-Secret' }]));
    const child = spawn(process.execPath, [SPILLWAY_BIN, 'broker', '--port', '0', '--sasl-users', users], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/--sasl-users: .*duplicate user "alice"/);
    expect(stderr).not.toContain('other-Secret');
  });

  it('the demo workload produces and consumes on a SASL broker with the first user', async () => {
    const failures: Error[] = [];
    const workload = new DemoWorkload({
      bootstrap: tb.bootstrap,
      sasl: ALICE,
      topic: uniqueName('sasl-demo'),
      group: uniqueName('sasl-demo'),
      scenario: { ...DEMO_DEFAULTS, burstRate: 500, quietRate: 100, consumerRate: 1_000 },
      onFailure: (e) => failures.push(e),
    });
    try {
      await workload.start();
      await eventually(() => (workload.produced > 0 && workload.consumed > 0 ? true : undefined), {
        what: 'the demo producing and consuming',
      });
    } finally {
      await workload.stop();
    }
    expect(failures).toEqual([]);
  });
});
