/*
 * Scenario: Apache Kafka's own Java clients (kafka-clients 3.9.1, the jars scripts/kafka.sh fetches from
 * Maven Central) use the embedded broker unchanged: Admin creates and describes a topic, an idempotent
 * lz4-compressing producer with acks=all sends, a consumer group reads everything and commits, Admin reads
 * the group's offsets, state and end offsets, then deletes the group and the topic.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker, tempDir } from './helpers/broker';
import { IS_CI, uniqueName } from './helpers/services';

const KAFKA_VERSION = process.env.SPILLWAY_KAFKA_VERSION ?? '3.9.1';
const cacheDir = process.env.SPILLWAY_CACHE_DIR ?? path.join(homedir(), '.cache', 'spillway');
const libs = path.join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
const clientsJar = path.join(libs, `kafka-clients-${KAFKA_VERSION}.jar`);
const javac = spawnSync('javac', ['-version']).status === 0;
const missing = !existsSync(clientsJar)
  ? `kafka-clients jar not found in ${libs} (run \`npm run services:up\`)`
  : !javac
    ? 'javac not found'
    : null;

if (missing && IS_CI) throw new Error(`Java client suite cannot run: ${missing}`);
if (missing) console.warn(`skipped: Java client suite — ${missing}`);

describe.skipIf(missing !== null)('embedded broker with Kafka Java clients', () => {
  let broker: TestBroker;
  let classes: string;
  const classpath = () =>
    [
      classes,
      ...readdirSync(libs)
        .filter((f) => f.endsWith('.jar'))
        .map((f) => path.join(libs, f)),
    ].join(':');

  beforeAll(async () => {
    broker = await startTestBroker();
    classes = tempDir('spillway-java-');
    execFileSync('javac', [
      '-d',
      classes,
      '-cp',
      classpath(),
      path.join(import.meta.dirname, 'java', 'JavaClientCheck.java'),
    ]);
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('admin, idempotent producer, consumer group and offsets all work', async () => {
    const topic = uniqueName('java');
    const group = uniqueName('java-group');
    const out = await new Promise<string>((resolve, reject) => {
      const proc = spawn(
        'java',
        [
          '-Dlog4j.configuration=file:/dev/null',
          '-cp',
          classpath(),
          'JavaClientCheck',
          broker.bootstrap,
          topic,
          group,
          '1000',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d) => {
        stdout += String(d);
      });
      proc.stderr.on('data', (d) => {
        stderr += String(d);
      });
      proc.on('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`java exited ${code}:\n${stdout}\n${stderr}`)),
      );
    });
    expect(out).toContain('cluster nodes=1');
    expect(out).toContain('topic partitions=3');
    expect(out).toContain('produced=1000');
    expect(out).toContain('consumed=1000');
    expect(out).toContain('committed=1000');
    expect(out).toContain('group state=Empty');
    expect(out).toContain('end=1000');
    expect(out).toContain('deleted');
    expect(broker.broker.logs.topic(topic)).toBeUndefined();
  }, 180_000);
});
