'use client';

// The dashboard's ONE chart wrapper (shadcn-style): a typed series config, colours from CSS variables
// (so dark and light themes come for free), recharts behind it. Every chart on every page is a TimeChart.
import type { CSSProperties, ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInstant, formatTick } from '@/lib/client/chart-data';
import type { TimeRange } from '@/lib/client/paths';

export interface SeriesConfig {
  label: string;
  /** A theme colour: `var(--chart-1)`…; the wrapper exposes it as `--color-<key>`. */
  color: string;
  type?: 'line' | 'area';
  axis?: 'left' | 'right';
  dashed?: boolean;
  /** Areas with the same stack id are stacked. */
  stack?: string;
}

export type ChartConfig<K extends string> = Record<K, SeriesConfig>;
export type ChartRow<K extends string> = { t: number } & Partial<Record<K, number | null>>;

export interface TimeChartProps<K extends string> {
  title: string;
  config: ChartConfig<K>;
  data: ChartRow<K>[];
  /** The x-axis window, epoch ms. */
  domain: [number, number];
  range: TimeRange;
  format: (value: number) => string;
  rightFormat?: (value: number) => string;
  height?: number;
  testId: string;
  /** Shown instead of the plot when there is not a single point. */
  empty?: ReactNode;
  footer?: ReactNode;
}

const colorVar = (key: string) => `var(--color-${key})`;

function ChartTooltip<K extends string>({
  active,
  payload,
  label,
  config,
  format,
  rightFormat,
}: {
  active: boolean;
  payload: ReadonlyArray<{ dataKey?: unknown; value?: unknown }>;
  label: unknown;
  config: ChartConfig<K>;
  format: (v: number) => string;
  rightFormat?: (v: number) => string;
}) {
  if (!active || payload.length === 0) return null;
  return (
    <div className="chart-tooltip">
      <div className="muted small">{typeof label === 'number' ? formatInstant(label) : null}</div>
      {payload.map((p) => {
        const key = String(p.dataKey) as K;
        const s = config[key];
        if (!s || typeof p.value !== 'number') return null;
        const f = s.axis === 'right' && rightFormat ? rightFormat : format;
        return (
          <div key={key} className="chart-tooltip-row">
            <span className="swatch" style={{ color: colorVar(key) }} />
            {s.label}
            <strong>{f(p.value)}</strong>
          </div>
        );
      })}
    </div>
  );
}

export function TimeChart<K extends string>(props: TimeChartProps<K>) {
  const { title, config, data, domain, range, format, rightFormat, height = 220, testId } = props;
  const keys = Object.keys(config) as K[];
  const style = Object.fromEntries(keys.map((k) => [`--color-${k}`, config[k].color])) as CSSProperties;
  const hasRight = keys.some((k) => config[k].axis === 'right');
  const points = data.filter((row) => keys.some((k) => typeof row[k] === 'number')).length;

  return (
    <figure className="chart card" style={style} data-testid={testId} data-points={points}>
      <figcaption className="chart-head">
        <strong>{title}</strong>
        <ul className="chart-legend" aria-label={`${title} series`}>
          {keys.map((k) => (
            <li key={k}>
              <span className={`swatch${config[k].dashed ? ' dashed' : ''}`} style={{ color: colorVar(k) }} />
              {config[k].label}
            </li>
          ))}
        </ul>
      </figcaption>
      {points === 0 ? (
        <div className="chart-empty muted" style={{ height }} data-testid={`${testId}-empty`}>
          {props.empty ?? 'No samples in this range yet.'}
        </div>
      ) : (
        <div style={{ height }} role="img" aria-label={`${title} chart`}>
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={domain}
                allowDataOverflow
                tickFormatter={(t: number) => formatTick(t, range)}
                stroke="var(--muted)"
                fontSize={12}
                minTickGap={40}
              />
              <YAxis
                yAxisId="left"
                allowDecimals={false}
                tickFormatter={format}
                stroke="var(--muted)"
                fontSize={12}
                width={64}
              />
              {hasRight ? (
                <YAxis
                  yAxisId="right"
                  orientation="right"
                  allowDecimals={false}
                  tickFormatter={rightFormat ?? format}
                  stroke="var(--muted)"
                  fontSize={12}
                  width={64}
                />
              ) : null}
              <Tooltip
                content={(p) => (
                  <ChartTooltip
                    active={p.active}
                    payload={p.payload}
                    label={p.label}
                    config={config}
                    format={format}
                    rightFormat={rightFormat}
                  />
                )}
                cursor={{ stroke: 'var(--muted)' }}
              />
              {keys.map((k) => {
                const s = config[k];
                const common = {
                  dataKey: k,
                  name: s.label,
                  yAxisId: s.axis ?? 'left',
                  stroke: colorVar(k),
                  strokeWidth: 2,
                  strokeDasharray: s.dashed ? '6 4' : undefined,
                  dot: false,
                  isAnimationActive: false,
                  connectNulls: s.dashed === true,
                } as const;
                return s.type === 'area' ? (
                  <Area
                    key={k}
                    {...common}
                    type="monotone"
                    fill={colorVar(k)}
                    fillOpacity={0.18}
                    stackId={s.stack}
                  />
                ) : (
                  <Line key={k} {...common} type="monotone" />
                );
              })}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      {props.footer ? <div className="chart-foot small muted">{props.footer}</div> : null}
    </figure>
  );
}
