/*
 * Scenario: one sampler watches three embedded brokers and two broken clusters at once — a closed port
 * (refused at once) and a black hole that accepts connections and never answers. The broken ones are
 * marked unreachable with their error while the healthy broker keeps being sampled round after round and
 * its new commits keep showing up. Then a broker goes away and comes back on the same port: the cluster
 * turns unreachable, and recovers by itself.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../lib/lag/sampler';
import { freePort, startTestBroker, type TestBroker } from './helpers/broker';
import { eventually, uniqueName } from './helpers/services';
import { DirectCommitter, testClient } from './helpers/source-kafka';
import { createTopic, groupWhen, lagConfig, startSampler, type TestSampler } from './lag.support';

describe('sampling several clusters, some of them broken', () => {
  let healthy: TestBroker;
  let flaky: TestBroker | undefined;
  let flakyPort: number;
  let closedPort: number;
  let blackHole: Server;
  const sockets = new Set<Socket>();
  let ts: TestSampler;
  let kafka: Kafka;
  let committer: DirectCommitter;

  const health = (name: string): ClusterHealth => {
    const h = ts.sampler.health().find((x) => x.cluster === name);
    if (!h) throw new Error(`no cluster ${name}`);
    return h;
  };
  const healthWhen = (name: string, check: (h: ClusterHealth) => boolean, what: string) =>
    eventually(() => (check(health(name)) ? health(name) : undefined), { timeoutMs: 20_000, what });

  beforeAll(async () => {
    healthy = await startTestBroker();
    flakyPort = await freePort();
    flaky = await startTestBroker({ port: flakyPort });
    closedPort = await freePort();
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const holePort = (blackHole.address() as { port: number }).port;
    kafka = testClient([healthy.bootstrap], uniqueName('lag-clusters'));
    committer = new DirectCommitter(kafka);
    await committer.connect();
    ts = await startSampler(
      lagConfig([
        { name: 'healthy', kind: 'kafka', brokers: [healthy.bootstrap] },
        { name: 'closed', kind: 'kafka', brokers: [`127.0.0.1:${closedPort}`] },
        { name: 'black-hole', kind: 'kafka', brokers: [`127.0.0.1:${holePort}`] },
        { name: 'flaky', kind: 'kafka', brokers: [`127.0.0.1:${flakyPort}`] },
      ]),
      { intervalMs: 500 },
    );
  });

  afterAll(async () => {
    await ts?.close();
    await committer?.disconnect().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (blackHole ? blackHole.close(() => resolve()) : resolve()));
    await flaky?.close();
    await healthy?.close();
  });

  it('marks a closed port and a silent server unreachable with their errors', async () => {
    const closed = await healthWhen('closed', (h) => h.reachable === false, 'the closed port unreachable');
    expect(closed.state).toBe('unreachable');
    expect(closed.lastError).toMatch(/ECONNREFUSED|no answer within/);
    expect(closed.consecutiveFailures).toBeGreaterThanOrEqual(1);
    const hole = await healthWhen('black-hole', (h) => h.reachable === false, 'the black hole unreachable');
    expect(hole.lastError).toMatch(/no answer within 500 ms|unavailable/);
    expect(hole.lastSuccessAt).toBeNull();
  });

  it('keeps sampling the healthy cluster, round after round, while the others fail', async () => {
    const before = await healthWhen('healthy', (h) => h.rounds >= 1, 'a first round');
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('lag-clusters-topic');
    try {
      await createTopic(admin, topic, 1);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: Array.from({ length: 8 }, (_, i) => ({ value: `v${i}` })) });
      await producer.disconnect();
      const group = uniqueName('lag-clusters-group');
      await committer.commit(group, topic, [[0, 3]]);
      const d = await groupWhen(ts.sampler, 'healthy', group, (x) => x.group.lag === 5, 'the new commit');
      expect(d.partitions[0]).toMatchObject({ committed: 3, end: 8, lag: 5 });
      const after = await healthWhen('healthy', (h) => h.rounds >= before.rounds + 5, 'five more rounds');
      expect(after).toMatchObject({ state: 'ok', reachable: true, lastError: null, consecutiveFailures: 0 });
      expect(health('black-hole').reachable).toBe(false);
      expect(health('closed').reachable).toBe(false);
    } finally {
      await admin.disconnect();
    }
  });

  it('turns a cluster unreachable when its broker goes away, and recovers when it is back', async () => {
    await healthWhen('flaky', (h) => h.state === 'ok', 'the flaky cluster sampled');
    await flaky?.close();
    flaky = undefined;
    const down = await healthWhen('flaky', (h) => h.reachable === false, 'the flaky cluster down');
    expect(down.lastError).not.toBeNull();
    flaky = await startTestBroker({ port: flakyPort });
    const back = await healthWhen('flaky', (h) => h.state === 'ok', 'the flaky cluster back');
    expect(back).toMatchObject({ reachable: true, lastError: null, consecutiveFailures: 0 });
    expect(back.rounds).toBeGreaterThan(down.rounds);
  });
});
