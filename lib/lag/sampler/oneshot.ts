// `spillway lag`: a one-shot sample of every configured cluster (no store, no loop). Kafka rates need two
// observations, so when some group has a backlog a second round follows a short interval later.
import type { Config } from '../../config';
import { lagReport, type ReportFilter, reportViews } from './queries';
import { LagSampler } from './sampler';
import type { SourceFactory } from './sources';
import type { ClusterHealth, GroupDetail, LagReportJson, QueueView } from './views';

export interface OneShotOptions extends ReportFilter {
  config: Config;
  /** Only this cluster. */
  cluster?: string;
  /** Pause between the two rounds, ms. */
  rateIntervalMs: number;
  /** Budget of one round per cluster, ms. */
  timeoutMs: number;
  sourceFactory?: SourceFactory;
}

export interface OneShotResult {
  /** The `--json` document. */
  report: LagReportJson;
  /** The same groups and queues with everything the sampler knows (for the human tables). */
  views: { groups: GroupDetail[]; queues: QueueView[] };
  clusters: ClusterHealth[];
  /** Clusters whose last round failed. */
  failures: Array<{ cluster: string; error: string }>;
}

export async function sampleLag(o: OneShotOptions): Promise<OneShotResult> {
  const sampler = new LagSampler({
    config: o.config,
    ...(o.cluster ? { clusters: [o.cluster] } : {}),
    ...(o.sourceFactory ? { sourceFactory: o.sourceFactory } : {}),
    settings: {
      intervalMs: Math.max(1, o.rateIntervalMs),
      roundTimeoutMs: o.timeoutMs,
      // Two rounds are all there is: let the rules use them, and spend the whole budget on exact time lag.
      rateWindowMs: Math.max(60_000, o.rateIntervalMs * 3),
      exactTimestampsPerRound: 2000,
    },
  });
  try {
    await sampler.sampleOnce();
    const first = lagReport(sampler, o);
    const backlog = first.kafka.some((g) => (g.lag ?? 0) > 0);
    if (backlog) {
      await new Promise((resolve) => setTimeout(resolve, o.rateIntervalMs));
      await sampler.sampleOnce();
    }
    const clusters = sampler.health();
    return {
      report: lagReport(sampler, o),
      views: reportViews(sampler, o),
      clusters,
      failures: clusters
        .filter((h) => h.reachable === false)
        .map((h) => ({ cluster: h.cluster, error: h.lastError ?? 'unreachable' })),
    };
  } finally {
    await sampler.stop();
  }
}
