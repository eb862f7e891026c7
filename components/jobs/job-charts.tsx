'use client';

import { useEffect, useState } from 'react';
import type { JobDetailResponse } from '@/lib/client/jobs-types';
import { TimeChart } from '../charts/chart';
import { formatCompact, formatRate } from '../lag/format';
import { useNow } from '../ui/use-now';
import { appendPoint, chartDomain, type ProgressPoint, pointsFromSamples } from './job-format';

export interface JobPoint extends ProgressPoint {
  /** The workers' lag on the temp topic/queues when polled (drains). */
  tempLag: number | null;
}

/**
 * The job's progress over time: the server's stored samples when the API returns them, else (and then)
 * one point per poll kept in the page — so the charts fill while the operator watches.
 */
export function useJobHistory(detail: JobDetailResponse | null | undefined, updatedAt: number): JobPoint[] {
  const [points, setPoints] = useState<JobPoint[]>([]);
  const id = detail?.job.id;
  useEffect(() => {
    // A different job: start over.
    if (id) setPoints([]);
  }, [id]);
  useEffect(() => {
    if (!detail || !updatedAt) return;
    const total = detail.job.progress.total;
    const tempLag = detail.drain?.tempLag ?? null;
    setPoints((prev) => {
      let base: JobPoint[] = prev;
      if (base.length === 0 && detail.samples && detail.samples.length > 0) {
        base = pointsFromSamples(detail.samples, total).map((p) => ({ ...p, tempLag: null }));
      }
      const next = appendPoint(base, { at: updatedAt, done: detail.job.progress.done, total });
      if (next === base) return prev;
      const last = next.at(-1);
      return last ? [...(next.slice(0, -1) as JobPoint[]), { ...last, tempLag }] : (next as JobPoint[]);
    });
  }, [detail, updatedAt]);
  return points;
}

/** Dispatch rate, what is left to dispatch and (drains) the workers' temp lag, over time. */
export function JobCharts({ points, drain }: { points: JobPoint[]; drain: boolean }) {
  const now = useNow(2000);
  const domain = chartDomain(points, now);
  const rate = points.map((p) => ({ t: p.t, rate: p.rate }));
  const backlog = points.map((p) => ({ t: p.t, remaining: p.remaining, tempLag: p.tempLag }));
  return (
    <div className="grid-2" data-testid="job-charts">
      <TimeChart<'rate'>
        title="Rate"
        config={{ rate: { label: 'messages/s', color: 'var(--chart-1)', type: 'area' } }}
        data={rate}
        domain={domain}
        range="15m"
        format={(v) => formatRate(v)}
        testId="job-rate-chart"
        empty="The rate appears after two polls."
      />
      {drain ? (
        <TimeChart<'remaining' | 'tempLag'>
          title="Backlog"
          config={{
            remaining: { label: 'left to dispatch', color: 'var(--chart-2)', type: 'area' },
            tempLag: { label: 'workers’ temp lag', color: 'var(--chart-3)' },
          }}
          data={backlog}
          domain={domain}
          range="15m"
          format={(v) => formatCompact(v)}
          testId="job-backlog-chart"
          empty="No progress figures yet."
        />
      ) : (
        <TimeChart<'remaining'>
          title="Remaining"
          config={{ remaining: { label: 'left to do', color: 'var(--chart-2)', type: 'area' } }}
          data={backlog}
          domain={domain}
          range="15m"
          format={(v) => formatCompact(v)}
          testId="job-backlog-chart"
          empty="No progress figures yet."
        />
      )}
    </div>
  );
}
