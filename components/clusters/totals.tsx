import type { LagOverviewResponse } from '@/lib/api/lag-types';
import { STATUSES, type Status } from '@/lib/lag/types';
import { formatCount, plural } from '../lag/format';
import { Stat, Stats } from '../ui/stat';
import { StatusCounts } from './status-counts';

/** Totals across every cluster: reachability, inventory counts, backlogs, statuses. */
export function Totals({ data }: { data: LagOverviewResponse }) {
  const cs = data.clusters;
  const reachable = cs.filter((c) => c.state === 'ok' || c.state === 'slow').length;
  const sum = (f: (c: (typeof cs)[number]) => number) => cs.reduce((n, c) => n + f(c), 0);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, sum((c) => c.statusCounts[s])])) as Record<
    Status,
    number
  >;
  const failing = counts.ERR + counts.STOP + counts.STALL + counts.REWIND;
  return (
    <section aria-labelledby="totals-heading" className="card">
      <h2 id="totals-heading" className="visually-hidden">
        Totals
      </h2>
      <Stats testId="totals">
        <Stat
          label="Clusters reachable"
          value={`${reachable} / ${cs.length}`}
          tone={reachable < cs.length ? 'err' : 'ok'}
          testId="total-reachable"
        />
        <Stat label="Consumer groups" value={formatCount(sum((c) => c.groups))} />
        <Stat label="Partitions" value={formatCount(sum((c) => c.partitions))} />
        <Stat label="Queues" value={formatCount(sum((c) => c.queues))} />
        <Stat
          label="With a backlog"
          value={formatCount(data.groupsTotal + data.queuesTotal)}
          hint={`${plural(data.groupsTotal, 'group')}, ${plural(data.queuesTotal, 'queue')}`}
          testId="total-behind"
        />
        <Stat
          label="Failing"
          value={formatCount(failing)}
          tone={failing > 0 ? 'err' : 'ok'}
          testId="total-failing"
        />
      </Stats>
      <StatusCounts counts={counts} noun="groups or queues" testId="total-status-counts" />
    </section>
  );
}
