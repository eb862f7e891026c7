// The sampler's settings: what comes from the configuration (interval, retention, status rules) plus the
// internal limits, in one exported constant (STYLE 9).
import type { Config } from '../../config';
import { DEFAULT_RATE_WINDOW_MS } from '../rates';
import type { StatusConfig } from '../types';

export const SAMPLER_DEFAULTS = Object.freeze({
  /** Trailing window of the in/out rates (ms). */
  rateWindowMs: DEFAULT_RATE_WINDOW_MS,
  /** HWM samples kept per partition (older ones are thinned, see CounterHistory). */
  hwmMaxSamples: 120,
  /** HWM samples older than this are dropped (ms). */
  hwmMaxAgeMs: 6 * 3_600_000,
  /** Record timestamps fetched per round and cluster for exact time lag (the rest is interpolated). */
  exactTimestampsPerRound: 500,
  /** A position whose timestamp could not be read is retried after this long (ms). */
  exactRetryMs: 60_000,
  /** Change-point rows (partition offsets, commits) are rewritten at least this often (ms). */
  heartbeatMs: 60_000,
  /** How often the rollup/retention job runs (ms). */
  maintenanceIntervalMs: 60_000,
  /** Series handled per transaction by the rollup/retention job. */
  maintenanceChunk: 500,
  /** HWM history read back from the store when a partition is first seen after a restart (ms). */
  restoreHistoryMs: 30 * 60_000,
  /**
   * After consumers attach to a queue that had none, its out-rate is treated as unknown this long (ms):
   * the management API's rates are refreshed every 5 s by default and still describe the time before.
   */
  rabbitmqRateGraceMs: 10_000,
});

export interface SamplerSettings {
  intervalMs: number;
  /** A round slower than this marks the cluster unreachable; default: intervalMs. */
  roundTimeoutMs: number;
  rawRetentionMs: number;
  rollupRetentionMs: number;
  status: StatusConfig;
  rateWindowMs: number;
  hwmMaxSamples: number;
  hwmMaxAgeMs: number;
  exactTimestampsPerRound: number;
  exactRetryMs: number;
  heartbeatMs: number;
  maintenanceIntervalMs: number;
  maintenanceChunk: number;
  restoreHistoryMs: number;
  rabbitmqRateGraceMs: number;
}

/** Settings from the configuration, with optional overrides (tests, the bench, the one-shot CLI). */
export function samplerSettings(config: Config, overrides: Partial<SamplerSettings> = {}): SamplerSettings {
  const intervalMs = overrides.intervalMs ?? config.sampler.intervalMs;
  return {
    ...SAMPLER_DEFAULTS,
    intervalMs,
    roundTimeoutMs: intervalMs,
    rawRetentionMs: config.sampler.rawRetentionMs,
    rollupRetentionMs: config.sampler.rollupRetentionMs,
    status: { ...config.lag },
    // The rate window must hold a few samples even with a long interval.
    rateWindowMs: Math.max(SAMPLER_DEFAULTS.rateWindowMs, 3 * intervalMs),
    ...overrides,
  };
}
