// GET /metrics: the sampler's latest state in the Prometheus text format (lib/lag/sampler/metrics.ts).
import { renderMetrics } from '../lag/sampler';
import { lagSampler } from './lag';

export async function metricsResponse(): Promise<Response> {
  const sampler = lagSampler();
  if (!sampler) {
    return new Response('# the lag sampler is not running in this process\n', {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const { body, contentType } = await renderMetrics(sampler);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
