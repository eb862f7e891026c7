'use client';

import Link from 'next/link';
import type {
  KafkaPartitionRef,
  UiClusterResponse,
  UiKafkaInventory,
  UiRabbitmqInventory,
} from '@/lib/api/ui-types';
import { pages } from '@/lib/client/paths';
import { formatAge } from '../lag/format';
import { useNow } from '../ui/use-now';

function PartitionList({
  cluster,
  title,
  refs,
  testId,
}: {
  cluster: string;
  title: string;
  refs: KafkaPartitionRef[];
  testId: string;
}) {
  if (refs.length === 0) return null;
  return (
    <div data-testid={testId}>
      <strong className="text-err">
        {refs.length} {title}
      </strong>
      <ul className="plain small">
        {refs.slice(0, 50).map((r) => (
          <li key={`${r.topic}-${r.partition}`}>
            <Link href={pages.topic(cluster, r.topic)}>{r.topic}</Link> [{r.partition}]
          </li>
        ))}
        {refs.length > 50 ? <li className="muted">…and {refs.length - 50} more</li> : null}
      </ul>
    </div>
  );
}

function KafkaInventory({ cluster, inv }: { cluster: string; inv: UiKafkaInventory }) {
  const healthy = inv.underReplicated.length + inv.underMinIsr.length + inv.offline.length === 0;
  return (
    <div className="grid-2">
      <div>
        <h3>Brokers ({inv.brokers.length})</h3>
        <table className="simple-table" data-testid="brokers">
          <thead>
            <tr>
              <th>Id</th>
              <th>Address</th>
              <th>Rack</th>
            </tr>
          </thead>
          <tbody>
            {inv.brokers.map((b) => (
              <tr key={b.nodeId}>
                <td>
                  {b.nodeId}
                  {b.nodeId === inv.controllerId ? <span className="badge">controller</span> : null}
                </td>
                <td className="mono">
                  {b.host}:{b.port}
                </td>
                <td>{b.rack ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">
          {inv.topics} topics · {inv.partitions} partitions
          {inv.clusterId ? ` · cluster id ${inv.clusterId}` : ''}
        </p>
      </div>
      <div data-testid="replication">
        <h3>Replication</h3>
        {healthy ? (
          <p className="text-ok">Every partition has a leader and its full ISR.</p>
        ) : (
          <>
            <PartitionList
              cluster={cluster}
              title="offline (no leader)"
              refs={inv.offline}
              testId="offline"
            />
            <PartitionList
              cluster={cluster}
              title="under min.insync.replicas (acks=all producers fail)"
              refs={inv.underMinIsr}
              testId="under-min-isr"
            />
            <PartitionList
              cluster={cluster}
              title="under-replicated"
              refs={inv.underReplicated}
              testId="under-replicated"
            />
          </>
        )}
        {inv.brokers.length === 1 ? (
          <p className="small muted">
            A single broker: every partition has one copy. A broker loss loses data.
          </p>
        ) : null}
      </div>
    </div>
  );
}

function RabbitmqInventory({ inv }: { inv: UiRabbitmqInventory }) {
  return (
    <div className="grid-2">
      <div>
        <h3>Nodes ({inv.nodes.length})</h3>
        <table className="simple-table" data-testid="nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>Running</th>
              <th>Alarms</th>
            </tr>
          </thead>
          <tbody>
            {inv.nodes.map((n) => (
              <tr key={n.name}>
                <td className="mono">{n.name}</td>
                <td className={n.running ? 'text-ok' : 'text-err'}>{n.running ? 'yes' : 'no'}</td>
                <td>
                  {[
                    n.memAlarm ? 'memory' : null,
                    n.diskFreeAlarm ? 'disk' : null,
                    n.partitions.length ? 'partition' : null,
                  ]
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">
          {inv.clusterName ?? 'cluster'} · RabbitMQ {inv.version ?? '?'} · {inv.queues} queues in{' '}
          {inv.vhosts.length} vhost(s)
        </p>
      </div>
      <div data-testid="replication">
        <h3>Alarms and replicas</h3>
        {inv.alarms.length === 0 && inv.degradedQueues.length === 0 ? (
          <p className="text-ok">No alarms; every replicated queue has all its replicas online.</p>
        ) : null}
        {inv.alarms.length > 0 ? (
          <ul className="plain text-err" data-testid="alarms">
            {inv.alarms.map((a) => (
              <li key={a}>⚠ {a}</li>
            ))}
          </ul>
        ) : null}
        {inv.degradedQueues.length > 0 ? (
          <p className="text-err">Queues with replicas offline: {inv.degradedQueues.join(', ')}</p>
        ) : null}
      </div>
    </div>
  );
}

/** Brokers or nodes and replication health, as last read from the cluster. */
export function ClusterInventory({ data }: { data: UiClusterResponse }) {
  const now = useNow();
  return (
    <section aria-labelledby="inventory-heading" data-testid="inventory">
      <div className="section-head">
        <h2 id="inventory-heading">{data.kind === 'rabbitmq' ? 'Nodes' : 'Brokers'} and replication</h2>
        {data.checkedAt ? <span className="small muted">read {formatAge(data.checkedAt, now)}</span> : null}
      </div>
      {data.error ? (
        <p className="banner error" role="status" data-testid="inventory-error">
          {data.inventory
            ? 'Showing the last successful read; the latest failed: '
            : 'Cannot read the cluster: '}
          {data.error}
        </p>
      ) : null}
      {data.inventory?.kind === 'kafka' ? (
        <KafkaInventory cluster={data.cluster} inv={data.inventory} />
      ) : null}
      {data.inventory?.kind === 'rabbitmq' ? <RabbitmqInventory inv={data.inventory} /> : null}
    </section>
  );
}
