// The reliability audit's JSON shapes. Pure types: safe to import from client components.

export type Severity = 'info' | 'warning' | 'critical';

/** Most severe first: the order findings are listed in. */
export const SEVERITIES: readonly Severity[] = Object.freeze(['critical', 'warning', 'info']);

/** Stable ids of the checks (see lib/audit/README.md). Never renamed: scripts match on them. */
export type CheckId =
  | 'kafka.cluster.single-broker'
  | 'kafka.topic.replication-factor'
  | 'kafka.topic.min-insync-replicas'
  | 'kafka.topic.unclean-leader-election'
  | 'kafka.partition.under-min-isr'
  | 'kafka.partition.offline'
  | 'embedded.single-node'
  | 'embedded.fsync-not-durable'
  | 'rabbitmq.cluster.single-node'
  | 'rabbitmq.queue.not-durable'
  | 'rabbitmq.queue.unreplicated'
  | 'rabbitmq.queue.ttl-without-dlx'
  | 'rabbitmq.queue.max-length-without-dlx'
  | 'rabbitmq.queue.dlx-missing'
  | 'rabbitmq.queue.auto-ack'
  | 'rabbitmq.queue.no-consumers-growing';

/** One problem (or honest statement) about one topic, queue or cluster. */
export interface Finding {
  cluster: string;
  /** The embedded broker is a Kafka-kind cluster: 'kafka'. */
  kind: 'kafka' | 'rabbitmq';
  /** Topic name, `<vhost>/<queue>`, or `*` for the whole cluster. */
  target: string;
  check: CheckId;
  severity: Severity;
  title: string;
  /** What was observed and why it loses messages. */
  detail: string;
  /** A concrete command or configuration that fixes it (may span several lines). */
  fix: string;
}

export interface ClusterAuditResult {
  cluster: string;
  /** The configured kind: 'embedded' is reported as such here, its findings have kind 'kafka'. */
  kind: 'kafka' | 'embedded' | 'rabbitmq';
  reachable: boolean;
  /** Why the cluster could not be audited (redacted, one line); null when it was. */
  error: string | null;
  /** Topics or queues examined. */
  examined: number;
  findings: number;
  /** Parts of the snapshot the source could not read: those parts were not audited. */
  issues: Array<{ scope: string; message: string }>;
}

export interface AuditSummary {
  /** ISO time the audit finished. */
  generatedAt: string;
  total: number;
  bySeverity: Record<Severity, number>;
  clusters: ClusterAuditResult[];
  /** Names of the clusters that could not be reached. */
  unreachable: string[];
}

/** What `spillway audit --json` prints and `GET /api/audit` answers. */
export interface AuditReport {
  findings: Finding[];
  summary: AuditSummary;
}
