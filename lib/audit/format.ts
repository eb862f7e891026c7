// `spillway audit` human output: grouped by cluster, then severity; every finding with its fix.
import { type AuditReport, type Finding, SEVERITIES } from './types';

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => `${pad}${l}`)
    .join('\n');

/** Greedy word wrap of one paragraph. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function formatFinding(f: Finding): string {
  return [
    `    ${f.target}  [${f.check}]`,
    `      ${f.title}`,
    indent(wrap(f.detail, 100), '      '),
    '      fix:',
    indent(f.fix, '        '),
  ].join('\n');
}

export function formatAudit(report: AuditReport): string {
  const out: string[] = [];
  for (const c of report.summary.clusters) {
    const what = c.kind === 'rabbitmq' ? 'queue(s)' : 'topic(s)';
    if (!c.reachable) {
      out.push(`${c.cluster} (${c.kind}): NOT AUDITED — ${c.error ?? 'unreachable'}`, '');
      continue;
    }
    out.push(`${c.cluster} (${c.kind}): ${c.examined} ${what} examined, ${c.findings} finding(s)`);
    const mine = report.findings.filter((f) => f.cluster === c.cluster);
    for (const severity of SEVERITIES) {
      const group = mine.filter((f) => f.severity === severity);
      if (group.length === 0) continue;
      out.push(`  ${severity.toUpperCase()} (${group.length})`, ...group.map(formatFinding));
    }
    for (const issue of c.issues) out.push(`  not audited: ${issue.scope}: ${issue.message}`);
    out.push('');
  }
  const s = report.summary;
  const counts = SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ');
  const unreachable = s.unreachable.length > 0 ? `, ${s.unreachable.length} not audited` : '';
  out.push(`${s.total} finding(s): ${counts} in ${s.clusters.length} cluster(s)${unreachable}`);
  return out.join('\n');
}
