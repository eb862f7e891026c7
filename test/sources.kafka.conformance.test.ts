// The Kafka source conformance suite (test/helpers/source-kafka-conformance.ts), run against every
// Kafka-kind cluster: the embedded broker in-process, and Apache Kafka 3.9 (scripts/kafka.sh). Then the
// failure modes every Kafka source shares: an unreachable cluster, and secrets kept out of errors and logs.
import { describe, expect, it, vi } from 'vitest';
import { embeddedCluster, kafkaCluster } from '../lib/config';
import { createSource, SourceError, SourceUnavailableError } from '../lib/sources';
import { freePort, startTestBroker } from './helpers/broker';
import { describeService, KAFKA_BROKERS, uniqueName } from './helpers/services';
import { kafkaSourceConformance } from './helpers/source-kafka-conformance';

describe('Kafka source on the embedded broker', () => {
  kafkaSourceConformance(async () => {
    const b = await startTestBroker({ fsync: 'never' });
    return {
      cluster: embeddedCluster.parse({
        name: 'embedded-test',
        kind: 'embedded',
        host: '127.0.0.1',
        port: b.broker.port,
      }),
      bootstrap: [b.bootstrap],
      clusterId: b.broker.clusterId,
      close: () => b.close(),
    };
  });
});

describeService('kafka', 'Kafka source on Apache Kafka', () => {
  kafkaSourceConformance(async () => ({
    cluster: kafkaCluster.parse({ name: 'apache-test', kind: 'kafka', brokers: [...KAFKA_BROKERS] }),
    bootstrap: KAFKA_BROKERS,
    close: async () => undefined,
  }));
});

describe('Kafka source failure modes', () => {
  it('rejects with SourceUnavailableError when nothing listens on the port', async () => {
    const port = await freePort();
    const source = createSource(
      kafkaCluster.parse({ name: 'closed-port', kind: 'kafka', brokers: [`127.0.0.1:${port}`] }),
    );
    try {
      const error = await source.snapshot().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceUnavailableError);
      expect(error).toMatchObject({ cluster: 'closed-port' });
      expect((error as SourceUnavailableError).causeMessage).toMatch(/ECONNREFUSED|connect/i);
      // The source stays usable: the next call tries again (and fails the same way).
      await expect(source.sample()).rejects.toBeInstanceOf(SourceUnavailableError);
    } finally {
      await source.close();
    }
  });

  it('rejects calls on a closed source', async () => {
    const source = createSource(
      kafkaCluster.parse({ name: 'closed', kind: 'kafka', brokers: ['127.0.0.1:1'] }),
    );
    await source.close();
    await expect(source.snapshot()).rejects.toBeInstanceOf(SourceError);
  });

  it('keeps the SASL password out of errors and debug logs', async () => {
    const b = await startTestBroker({ fsync: 'never' });
    const password = `pw-${uniqueName('secret')}`;
    const previous = process.env.SPILLWAY_LOG_LEVEL;
    process.env.SPILLWAY_LOG_LEVEL = 'debug';
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const source = createSource(
      kafkaCluster.parse({
        name: 'sasl-test',
        kind: 'kafka',
        brokers: [b.bootstrap],
        sasl: { mechanism: 'plain', username: 'spillway', password },
      }),
    );
    try {
      // The embedded broker has no users: authentication fails one way or another, never with the password.
      const error = await source.snapshot().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SourceError);
      expect(String((error as Error).message)).not.toContain(password);
      expect(JSON.stringify(error)).not.toContain(password);
      expect(String((error as Error).stack)).not.toContain(password);
    } finally {
      await source.close();
      spy.mockRestore();
      if (previous === undefined) delete process.env.SPILLWAY_LOG_LEVEL;
      else process.env.SPILLWAY_LOG_LEVEL = previous;
      await b.close();
    }
    expect(written.length).toBeGreaterThan(0);
    expect(written.join('')).not.toContain(password);
  });
});
