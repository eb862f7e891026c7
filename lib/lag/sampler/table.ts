// Human output of `spillway lag`: aligned text tables. Pure.
import type { EtaState } from '../eta';
import type { GroupDetail, QueueView } from './views';

/** 95 → "1m35s", 0.4 → "0.4s", null → "-". */
export function formatSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s < 10) return `${Math.round(s * 10) / 10}s`;
  const total = Math.round(s);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** ETA column: a duration when draining, "caught up", "not draining" or "-" (unknown). */
export function formatEta(seconds: number | null, state: EtaState): string {
  if (state === 'empty') return 'caught up';
  if (state === 'not-draining') return 'not draining';
  return formatSeconds(seconds);
}

const num = (n: number | null): string => (n === null ? '-' : String(n));
const rate = (n: number | null): string => (n === null ? '-' : String(Math.round(n * 10) / 10));

/** Text columns: numbers right-aligned, the rest left-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^(-|[\d.]+)$/.test(r[i] ?? '-')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function groupTable(groups: readonly GroupDetail[]): string {
  return table(
    ['CLUSTER', 'GROUP', 'STATE', 'STATUS', 'LAG', 'LAG-TIME', 'IN/S', 'OUT/S', 'ETA', 'PARTITIONS'],
    groups.map(({ group: g }) => [
      g.cluster,
      g.group,
      g.state ?? '-',
      g.status,
      num(g.lag),
      formatSeconds(g.lagSeconds),
      rate(g.inRate),
      rate(g.outRate),
      formatEta(g.etaSeconds, g.etaState),
      String(g.partitions),
    ]),
  );
}

function partitionTable(d: GroupDetail): string {
  return table(
    ['TOPIC', 'PARTITION', 'COMMITTED', 'LOG-START', 'END', 'LAG', 'LAG-TIME', 'ETA', 'STATUS'],
    d.partitions.map((p) => [
      p.topic,
      String(p.partition),
      num(p.committed),
      String(p.logStart),
      String(p.end),
      num(p.lag),
      formatSeconds(p.lagSeconds),
      formatEta(p.etaSeconds, p.etaState),
      p.status,
    ]),
  );
}

function queueTable(queues: readonly QueueView[]): string {
  return table(
    [
      'CLUSTER',
      'VHOST',
      'QUEUE',
      'TYPE',
      'MESSAGES',
      'READY',
      'UNACKED',
      'CONSUMERS',
      'IN/S',
      'OUT/S',
      'ETA',
      'STATUS',
    ],
    queues.map((q) => [
      q.cluster,
      q.vhost,
      q.queue,
      q.type,
      String(q.messages),
      String(q.ready),
      String(q.unacked),
      String(q.consumers),
      rate(q.publishRate),
      rate(q.ackRate),
      formatEta(q.etaSeconds, q.etaState),
      q.status,
    ]),
  );
}

/** The whole report; with `details`, each group's partitions follow the group table. */
export function formatReport(
  views: { groups: readonly GroupDetail[]; queues: readonly QueueView[] },
  details: boolean,
): string {
  const parts: string[] = [];
  if (views.groups.length > 0) {
    parts.push(groupTable(views.groups));
    if (details) {
      for (const d of views.groups) parts.push(`${d.group.cluster} / ${d.group.group}\n${partitionTable(d)}`);
    }
  }
  if (views.queues.length > 0) parts.push(queueTable(views.queues));
  return parts.length > 0 ? parts.join('\n\n') : 'no consumer groups or queues found';
}
