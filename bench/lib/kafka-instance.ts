/**
 * A private, throw-away Apache Kafka (same jars and JVM flags as scripts/kafka.sh, its own ports and temp
 * directory) for the start-up measurement, so the shared test broker on 19092 is never restarted.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KAFKA_JVM_FLAGS, KAFKA_LIBS } from './paths';
import { freePort } from './proc';

const run = promisify(execFile);

export interface KafkaInstance {
  dir: string;
  port: number;
  /** Seconds spent by kafka-storage format (a prerequisite Spillway does not have). */
  formatSeconds: number;
  /** Launches the broker JVM; the caller times from this call. */
  launch(): ChildProcess;
}

function serverProperties(dir: string, port: number, controller: number): string {
  return [
    'node.id=1',
    'process.roles=broker,controller',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    '',
  ].join('\n');
}

/** Writes the configuration and formats the storage; the broker is not started yet. */
export async function prepareKafka(): Promise<KafkaInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'spillway-bench-kafka-'));
  const port = await freePort();
  let controller = await freePort();
  while (controller === port) controller = await freePort();
  const config = join(dir, 'server.properties');
  const log4j = join(dir, 'log4j.properties');
  await writeFile(config, serverProperties(dir, port, controller));
  await writeFile(
    log4j,
    `log4j.rootLogger=WARN, file\nlog4j.appender.file=org.apache.log4j.FileAppender\nlog4j.appender.file.File=${join(dir, 'server.log')}\nlog4j.appender.file.layout=org.apache.log4j.PatternLayout\nlog4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n\n`,
  );
  const jvm = [...KAFKA_JVM_FLAGS, `-Dkafka.logs.dir=${dir}`, `-Dlog4j.configuration=file:${log4j}`];
  const classpath = ['-cp', `${KAFKA_LIBS}/*`];
  const clusterId = randomBytes(16).toString('base64url').replace(/^-/, 'A');
  const t0 = performance.now();
  await run(
    'java',
    [...jvm, ...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config],
    {
      timeout: 120_000,
    },
  );
  const formatSeconds = (performance.now() - t0) / 1000;
  return {
    dir,
    port,
    formatSeconds,
    launch: () => {
      const out = openSync(join(dir, 'stdout.log'), 'a');
      const child = spawn('java', [...jvm, ...classpath, 'kafka.Kafka', config], {
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      return child;
    },
  };
}
