import type { JobDetailResponse } from '@/lib/client/jobs-types';
import { formatCount } from '../lag/format';
import { nextOffsetsOf, readDrainPlan } from '../recovery/drain-plan-data';
import { checkpointRows } from './job-format';

/**
 * Where the job would resume: for a Kafka drain the next source offset per partition against the plan's
 * log end (what is left to copy), for a RabbitMQ drain the copies per temp queue; for other kinds the
 * checkpoint's figures as they are.
 */
export function JobCheckpoint({ detail }: { detail: JobDetailResponse }) {
  const { job, checkpoint } = detail;
  const plan = readDrainPlan(job.kind, detail.plan);
  if (plan?.kind === 'kafka') {
    const next = nextOffsetsOf(checkpoint);
    return (
      <table className="simple-table card" data-testid="job-checkpoint">
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col" className="num">
              Planned from
            </th>
            <th scope="col" className="num">
              Next to copy
            </th>
            <th scope="col" className="num">
              Copied
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.partitions.map((p) => {
            const n = next.get(p.partition) ?? null;
            return (
              <tr key={p.partition} data-testid={`checkpoint-${p.partition}`}>
                <td>{p.partition}</td>
                <td className="num">{formatCount(p.start)}</td>
                <td className="num">{n === null ? 'not started' : formatCount(n)}</td>
                <td className="num">{n === null ? '0' : formatCount(Math.max(0, n - p.start))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  if (plan?.kind === 'rabbitmq') {
    const perQueue = Array.isArray(checkpoint.perQueue) ? (checkpoint.perQueue as unknown[]) : [];
    return (
      <table className="simple-table card" data-testid="job-checkpoint">
        <thead>
          <tr>
            <th scope="col">Temp queue</th>
            <th scope="col" className="num">
              Copies sent
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.tempQueues.map((q, i) => (
            <tr key={q.name}>
              <td className="mono">{q.name}</td>
              <td className="num">
                {formatCount(typeof perQueue[i] === 'number' ? (perQueue[i] as number) : null)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const rows = checkpointRows(checkpoint);
  if (rows.length === 0)
    return <p className="muted small">No checkpoint yet: the job has not committed a batch.</p>;
  return (
    <dl className="kv card" data-testid="job-checkpoint">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd className="mono small">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
