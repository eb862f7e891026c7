// The dashboard's routes read clusters through the sampler's own sources: one connection per cluster for
// the whole process, already pointed at the embedded broker's real port.
import type { ClusterConfig } from '../config';
import { currentLagSampler } from '../lag/sampler/registry';
import { getRuntime } from '../runtime/context';
import { SourceNotFoundError, SourceUnavailableError } from '../sources/errors';
import type { KafkaSource, RabbitmqSource } from '../sources/types';
import type { ApiResult } from './alerts';

export type UiResult<T> = ApiResult<T>;

export function uiFail(status: number, error: string): UiResult<never> {
  return { ok: false, status, body: { error } };
}

export type FoundSource =
  | { ok: true; config: ClusterConfig; kind: 'kafka'; source: KafkaSource }
  | { ok: true; config: ClusterConfig; kind: 'rabbitmq'; source: RabbitmqSource }
  | { ok: false; result: UiResult<never> };

/** The configured cluster `name` and its source, or the 404/503 that says why not. */
export function findSource(name: string): FoundSource {
  const configured = getRuntime().config.clusters.find((c) => c.name === name);
  if (!configured) return { ok: false, result: uiFail(404, `unknown cluster "${name}"`) };
  const entry = currentLagSampler()?.entry(name);
  if (!entry?.source) {
    return { ok: false, result: uiFail(503, 'the lag sampler is not running in this process') };
  }
  const source = entry.source;
  return source.kind === 'kafka'
    ? { ok: true, config: entry.config, kind: 'kafka', source }
    : { ok: true, config: entry.config, kind: 'rabbitmq', source };
}

/** Maps a source failure to an HTTP answer: 404 for a missing entity, 503 for an unreachable cluster. */
export function sourceFailure(error: unknown): UiResult<never> {
  if (error instanceof SourceNotFoundError) return uiFail(404, error.message);
  if (error instanceof SourceUnavailableError) return uiFail(503, error.message);
  return uiFail(502, error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error));
}

/** The configured clusters, in configuration order. */
export function configuredClusters(): ClusterConfig[] {
  return getRuntime().config.clusters;
}
