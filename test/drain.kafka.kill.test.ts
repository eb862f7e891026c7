/*
 * Scenario: the operator runs `spillway drain start` in a terminal; the process is SIGKILLed twice in the
 * middle of dispatching and resumed each time with `spillway drain resume <id>` (a dead pid frees the
 * job's lease at once). 30 workers consume the temp topic meanwhile; `spillway drain restore` from another
 * terminal ends it. Checked: every message reached a worker, per-key order held, and the only records
 * copied twice are at the checkpoint of a kill (the batch in flight when the process died).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrainKafkaCheckpoint } from '../lib/recovery/drain-kafka/types';
import { openStore, type Store } from '../lib/store';
import { SPILLWAY_BIN, startTestBroker, type TestBroker } from './helpers/broker';
import { checkDrain, newSeq, produceKeyed, settle, startWorkers, waitForMembers } from './helpers/drain';
import { kafkaFor } from './helpers/kafkajs';
import { uniqueName } from './helpers/services';

const COUNT = 30_000;
const RATE = 2000;

describe('drain (Kafka): SIGKILL of the dispatching CLI twice, then resume', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let store: Store;
  let dir: string;
  let configFile: string;
  const children: ChildProcess[] = [];

  const cli = (...args: string[]) => {
    const child = spawn(process.execPath, [SPILLWAY_BIN, '--config', configFile, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SPILLWAY_LOG_LEVEL: 'warn' },
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    const exit = new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : 0))),
    );
    children.push(child);
    return { child, exit, out: () => out, err: () => err };
  };

  beforeAll(async () => {
    broker = await startTestBroker();
    kafka = kafkaFor(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
    dir = mkdtempSync(path.join(tmpdir(), 'spillway-drain-kill-'));
    configFile = path.join(dir, 'spillway.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ dataDir: dir, clusters: [{ name: 'e', kind: 'kafka', brokers: [broker.bootstrap] }] }),
    );
    store = openStore(dir);
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await admin?.disconnect();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await broker?.close();
  });

  it('resumes from the checkpoint after each kill; duplicates only at the kill points', async () => {
    const topic = uniqueName('kill-src');
    const group = uniqueName('kill-g');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await produceKeyed(kafka, topic, COUNT, 500, newSeq(), 'backlog');
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [0, 1, 2].map((p) => ({ partition: p, offset: '0' })),
    });

    // Slow while the 30 workers join, then at RATE (changed live from another process).
    let run = cli(
      'drain',
      'start',
      '--topic',
      topic,
      '--group',
      group,
      '--factor',
      '10',
      '--rate',
      '300',
      '--yes',
    );
    await settle(() => expect(store.jobs.list()).toHaveLength(1), { timeoutMs: 60_000 });
    const job = store.jobs.list()[0];
    if (!job) throw new Error('no job');
    const plan = job.plan as { tempTopic: string; tempGroup: string };
    const workers = await startWorkers(kafka, plan.tempTopic, plan.tempGroup, 30, 1);
    try {
      await waitForMembers(admin, plan.tempGroup, 30);
      const rate = cli('drain', 'rate', job.id, String(RATE));
      expect(await rate.exit).toBe(0);
      expect(store.jobs.require(job.id).rateLimit).toBe(RATE);
      const killPoints: DrainKafkaCheckpoint[] = [];
      for (const threshold of [COUNT * 0.3, COUNT * 0.65]) {
        await settle(() => expect(store.jobs.require(job.id).done).toBeGreaterThanOrEqual(threshold), {
          timeoutMs: 120_000,
          intervalMs: 50,
        });
        run.child.kill('SIGKILL');
        expect(await run.exit).toBe(-1);
        const killed = store.jobs.require(job.id);
        expect(killed.state).toBe('running');
        expect(killed.done).toBeLessThan(threshold + RATE);
        expect(killed.done).toBeLessThan(COUNT);
        killPoints.push(killed.checkpoint as DrainKafkaCheckpoint);
        run = cli('drain', 'resume', job.id, '--rate', String(RATE));
      }
      await settle(() => expect(store.jobs.require(job.id).done).toBe(COUNT), {
        timeoutMs: 120_000,
        intervalMs: 250,
      });
      const restore = cli('drain', 'restore', job.id, '--yes');
      expect(await restore.exit).toBe(0);
      expect(restore.out()).toMatch(/restore requested/);
      await settle(
        () =>
          expect((store.jobs.require(job.id).checkpoint as DrainKafkaCheckpoint).restoreStep).toBe(
            'offsets-set',
          ),
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      await workers.stop();
      expect(await run.exit).toBe(0);
      const final = store.jobs.require(job.id);
      expect(final.state).toBe('completed');
      const cutover = (final.checkpoint as DrainKafkaCheckpoint).cutover ?? {};
      const check = checkDrain(workers.seen, { 0: 0, 1: 0, 2: 0 }, cutover);
      expect(check.missing).toBe(0);
      expect(check.orderViolations).toEqual([]);
      // A record copied twice lies in the batch that was in flight at a kill: at or just past that checkpoint.
      const atKill = (d: { partition: number; offset: number }) =>
        killPoints.some((cp) => {
          const from = cp.next[String(d.partition)] ?? 0;
          return d.offset >= from && d.offset < from + RATE;
        });
      expect(check.copiedTwice.filter((d) => !atKill(d))).toEqual([]);
      console.log(
        `kill test: ${check.copiedTwice.length} records copied twice (at the 2 kill points), ${check.redelivered} worker redeliveries`,
      );
      const actions = store.auditLog.list({ target: job.id }).map((e) => e.action);
      expect(actions.filter((a) => a === 'drain-kafka.resume')).toHaveLength(2);
    } finally {
      await workers.stop();
    }
    expect(await admin.listTopics()).not.toContain(plan.tempTopic);
  }, 600_000);
});
