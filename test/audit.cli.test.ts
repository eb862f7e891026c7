/*
 * Scenario: `spillway audit` as an operator runs it. Findings are printed grouped by cluster and severity
 * (or as {findings, summary} with --json) and exit 0; a cluster that cannot be reached exits 1 with the
 * reason; an unknown --cluster is a usage error (2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../lib/audit/types';
import { freePort, SPILLWAY_BIN } from './helpers/broker';
import { describeService, KAFKA_BROKERS, testKafka, uniqueName } from './helpers/services';

function spillway(args: string[]) {
  const r = spawnSync(process.execPath, [SPILLWAY_BIN, ...args], {
    cwd: mkdtempSync(path.join(tmpdir(), 'spillway-audit-cli-')),
    env: { ...process.env, SPILLWAY_CONFIG: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeService('kafka', 'spillway audit (Apache Kafka)', () => {
  const topic = uniqueName('audit-cli-unclean');
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, configEntries: [{ name: 'unclean.leader.election.enable', value: 'true' }] }],
    });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('--json prints {findings, summary} and exits 0: findings are not errors', () => {
    const r = spillway(['--kafka', KAFKA_BROKERS.join(','), '--json', 'audit']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        cluster: 'kafka',
        kind: 'kafka',
        target: topic,
        check: 'kafka.topic.unclean-leader-election',
        severity: 'warning',
      }),
    );
    expect(report.summary.bySeverity.warning).toBeGreaterThanOrEqual(1);
    expect(report.summary.clusters).toEqual([expect.objectContaining({ cluster: 'kafka', reachable: true })]);
  });

  it('human output groups by cluster and severity, each finding with its fix', () => {
    const r = spillway(['--kafka', KAFKA_BROKERS.join(','), 'audit']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kafka \(kafka\): \d+ topic\(s\) examined, \d+ finding\(s\)$/m);
    const warning = r.stdout.indexOf('  WARNING (');
    const info = r.stdout.indexOf('  INFO (');
    expect(warning).toBeGreaterThan(0);
    expect(info).toBeGreaterThan(warning);
    expect(r.stdout).toContain(`${topic}  [kafka.topic.unclean-leader-election]`);
    expect(r.stdout).toContain(`--entity-name ${topic} --add-config unclean.leader.election.enable=false`);
    expect(r.stdout).toMatch(/\d+ finding\(s\): \d+ critical, \d+ warning, \d+ info in 1 cluster\(s\)$/m);
  });
});

describe('spillway audit (failures)', () => {
  it('an unreachable cluster exits 1 with the reason', async () => {
    const port = await freePort();
    const r = spillway(['--kafka', `127.0.0.1:${port}`, '--json', 'audit']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^spillway: cluster kafka not audited: unavailable: .*ECONNREFUSED/m);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.summary.unreachable).toEqual(['kafka']);
  });

  it('an unknown --cluster is a usage error', () => {
    const r = spillway(['--kafka', '127.0.0.1:1', 'audit', '--cluster', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('spillway: unknown cluster(s): nope');
  });
});
