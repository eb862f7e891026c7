import { type AuditReport, type ClusterAuditResult, type Finding, SEVERITIES, type Severity } from './types';

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Findings in report order: cluster (as configured), most severe first, then target and check. */
export function sortFindings(findings: readonly Finding[], clusterOrder: readonly string[]): Finding[] {
  const pos = (c: string) => {
    const i = clusterOrder.indexOf(c);
    return i < 0 ? clusterOrder.length : i;
  };
  return [...findings].sort(
    (a, b) =>
      pos(a.cluster) - pos(b.cluster) ||
      rank(a.severity) - rank(b.severity) ||
      a.target.localeCompare(b.target) ||
      a.check.localeCompare(b.check),
  );
}

export function summarize(
  clusters: ClusterAuditResult[],
  findings: readonly Finding[],
  now: number,
): AuditReport {
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity] += 1;
  return {
    findings: sortFindings(
      findings,
      clusters.map((c) => c.cluster),
    ),
    summary: {
      generatedAt: new Date(now).toISOString(),
      total: findings.length,
      bySeverity,
      clusters,
      unreachable: clusters.filter((c) => !c.reachable).map((c) => c.cluster),
    },
  };
}
