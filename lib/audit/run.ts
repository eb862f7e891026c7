// Runs the audit over configured clusters: one snapshot per cluster (in parallel), the growth
// observations for RabbitMQ, then the pure checks. A cluster that cannot be read is reported, not thrown.
import type { ClusterConfig } from '../config';
import { describeError, SourceError } from '../sources/errors';
import { embeddedBootstrap } from '../sources/kafka';
import type { Source } from '../sources/types';
import { AUDIT_DEFAULTS } from './defaults';
import { auditKafka } from './kafka';
import { type ObserveDeps, observeGrowth } from './observe';
import { auditRabbitmq } from './rabbitmq';
import { summarize } from './summary';
import type { AuditReport, ClusterAuditResult, Finding } from './types';

export type SourceFactory = (cluster: ClusterConfig) => Source;

export interface AuditOptions extends Partial<ObserveDeps> {
  createSource: SourceFactory;
  /** See AUDIT_DEFAULTS.observeMs. */
  observeMs?: number;
}

interface ClusterOutcome {
  result: ClusterAuditResult;
  findings: Finding[];
}

/** One line; source errors are redacted already and lose their `<cluster>: ` prefix (the report names it). */
function reason(err: unknown): string {
  const line = describeError(err);
  return err instanceof SourceError && line.startsWith(`${err.cluster}: `)
    ? line.slice(err.cluster.length + 2)
    : line;
}

function bootstrapOf(c: ClusterConfig): string {
  if (c.kind === 'kafka') return c.brokers.join(',');
  if (c.kind === 'embedded') return embeddedBootstrap(c);
  return '';
}

async function auditCluster(
  c: ClusterConfig,
  opts: AuditOptions,
  deps: ObserveDeps,
): Promise<ClusterOutcome> {
  const base = { cluster: c.name, kind: c.kind } as const;
  let source: Source;
  try {
    source = opts.createSource(c);
  } catch (err) {
    return {
      result: { ...base, reachable: false, error: reason(err), examined: 0, findings: 0, issues: [] },
      findings: [],
    };
  }
  try {
    let findings: Finding[];
    let examined: number;
    const issues: ClusterAuditResult['issues'] = [];
    if (source.kind === 'kafka') {
      const snap = await source.snapshot();
      issues.push(...snap.issues);
      examined = snap.topics.length;
      findings = auditKafka(snap, {
        bootstrap: bootstrapOf(c),
        embedded: c.kind === 'embedded' ? { fsync: c.fsync } : null,
      });
    } else {
      const snap = await source.snapshot();
      issues.push(...snap.issues);
      examined = snap.queues.length;
      const observeMs = opts.observeMs ?? AUDIT_DEFAULTS.observeMs;
      const observed = await observeGrowth(source, snap, observeMs, deps);
      issues.push(...observed.issues);
      findings = auditRabbitmq(snap, { growth: observed.growth, minGrowthIntervalMs: observeMs });
    }
    return {
      result: { ...base, reachable: true, error: null, examined, findings: findings.length, issues },
      findings,
    };
  } catch (err) {
    return {
      result: { ...base, reachable: false, error: reason(err), examined: 0, findings: 0, issues: [] },
      findings: [],
    };
  } finally {
    await source.close().catch(() => undefined);
  }
}

/** Audits every cluster in `clusters` against the loss checklist. Never rejects for a cluster's sake. */
export async function runAudit(clusters: readonly ClusterConfig[], opts: AuditOptions): Promise<AuditReport> {
  const deps: ObserveDeps = {
    now: opts.now ?? Date.now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  const outcomes = await Promise.all(clusters.map((c) => auditCluster(c, opts, deps)));
  return summarize(
    outcomes.map((o) => o.result),
    outcomes.flatMap((o) => o.findings),
    deps.now(),
  );
}
