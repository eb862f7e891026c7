'use client';

import type { LagGroupResponse } from '@/lib/api/lag-types';
import { chartDomain, drainForecast, forecastHorizon } from '@/lib/client/chart-data';
import type { TimeRange } from '@/lib/client/paths';
import { type ChartConfig, type ChartRow, TimeChart } from '../charts/chart';
import { formatCompact, formatDuration, formatEta, formatRate } from './format';

const BACKLOG: ChartConfig<'lag' | 'forecast'> = {
  lag: { label: 'Lag (messages)', color: 'var(--chart-1)', type: 'area' },
  forecast: { label: 'Drain forecast', color: 'var(--chart-4)', dashed: true },
};
const RATES: ChartConfig<'inRate' | 'outRate'> = {
  inRate: { label: 'In (produced/s)', color: 'var(--chart-3)' },
  outRate: { label: 'Out (consumed/s)', color: 'var(--chart-2)' },
};
const SECONDS: ChartConfig<'lagSeconds'> = {
  lagSeconds: { label: 'Lag (seconds)', color: 'var(--chart-5)', type: 'area' },
};

const NO_HISTORY = 'This process keeps no history (no store).';

/** Lag with the drain forecast, in/out rates and lag in seconds over the chosen range. */
export function GroupCharts({ data, range }: { data: LagGroupResponse; range: TimeRange }) {
  const { group } = data;
  const history = data.history ?? [];
  const now = group.observedAt || data.range.to;
  const limit = Math.max(data.range.to, now) + forecastHorizon(range);
  const forecast = drainForecast({
    now,
    backlog: group.lag,
    etaSeconds: group.etaSeconds,
    etaState: group.etaState,
    limit,
  });
  const [from, to] = chartDomain(data.range.from, data.range.to, history[0]?.t);
  const domain: [number, number] = [from, forecast.length > 0 ? limit : to];
  const backlogRows: ChartRow<'lag' | 'forecast'>[] = [
    ...history.map((p) => ({ t: p.t, lag: p.lag })),
    ...forecast,
  ];
  const empty = data.history === null ? NO_HISTORY : undefined;
  return (
    <div className="stack-s">
      <TimeChart
        title="Backlog"
        testId="chart-lag"
        config={BACKLOG}
        data={backlogRows}
        domain={domain}
        range={range}
        format={formatCompact}
        empty={empty}
        footer={
          <span data-testid="forecast-text">
            Drain forecast: {formatEta(group.etaSeconds, group.etaState)}
            {group.etaState === 'not-draining'
              ? group.members === 0
                ? ' — the group has no active member: nothing is consuming.'
                : ' — consumers are not keeping up with producers.'
              : ''}
          </span>
        }
      />
      <div className="grid-2">
        <TimeChart
          title="In / out rate"
          testId="chart-rates"
          config={RATES}
          data={history.map((p) => ({ t: p.t, inRate: p.inRate, outRate: p.outRate }))}
          domain={[from, to]}
          range={range}
          format={formatRate}
          empty={empty}
        />
        <TimeChart
          title="Lag in seconds"
          testId="chart-lag-seconds"
          config={SECONDS}
          data={history.map((p) => ({ t: p.t, lagSeconds: p.lagSeconds }))}
          domain={[from, to]}
          range={range}
          format={(s) => formatDuration(s)}
          empty={empty}
        />
      </div>
    </div>
  );
}
