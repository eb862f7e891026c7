'use client';

import type { LagQueueResponse } from '@/lib/api/lag-types';
import { chartDomain } from '@/lib/client/chart-data';
import type { TimeRange } from '@/lib/client/paths';
import { type ChartConfig, TimeChart } from '../charts/chart';
import { formatCompact, formatDuration, formatRate } from '../lag/format';

const DEPTH: ChartConfig<'ready' | 'unacked'> = {
  ready: { label: 'Ready', color: 'var(--chart-1)', type: 'area', stack: 'depth' },
  unacked: { label: 'Unacked', color: 'var(--chart-4)', type: 'area', stack: 'depth' },
};
const RATES: ChartConfig<'publishRate' | 'outRate'> = {
  publishRate: { label: 'Publish/s', color: 'var(--chart-3)' },
  outRate: { label: 'Ack or deliver/s', color: 'var(--chart-2)' },
};
const AGE: ChartConfig<'lagSeconds'> = {
  lagSeconds: { label: 'Head-message age', color: 'var(--chart-5)', type: 'area' },
};

/** Ready/unacked depth, publish vs. consume rates and head-message age over the chosen range. */
export function QueueCharts({ data, range }: { data: LagQueueResponse; range: TimeRange }) {
  const history = data.history ?? [];
  const domain = chartDomain(data.range.from, data.range.to, history[0]?.t);
  const empty = data.history === null ? 'This process keeps no history (no store).' : undefined;
  return (
    <div className="stack-s">
      <TimeChart
        title="Ready and unacked"
        testId="chart-depth"
        config={DEPTH}
        data={history.map((p) => ({ t: p.t, ready: p.ready, unacked: p.unacked }))}
        domain={domain}
        range={range}
        format={formatCompact}
        empty={empty}
      />
      <div className="grid-2">
        <TimeChart
          title="Publish / consume rate"
          testId="chart-queue-rates"
          config={RATES}
          data={history.map((p) => ({ t: p.t, publishRate: p.publishRate, outRate: p.outRate }))}
          domain={domain}
          range={range}
          format={formatRate}
          empty={empty}
        />
        <TimeChart
          title="Head-message age"
          testId="chart-head-age"
          config={AGE}
          data={history.map((p) => ({ t: p.t, lagSeconds: p.lagSeconds }))}
          domain={domain}
          range={range}
          format={(s) => formatDuration(s)}
          empty={
            empty ??
            'The broker reports no head-message timestamp (publish with a timestamp property, classic queues).'
          }
        />
      </div>
    </div>
  );
}
