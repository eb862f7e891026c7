import { uiCluster } from '@/lib/api/ui-inventory';
import { parseParams, uiClusterParams, uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** One cluster's brokers/nodes, replication health and alarms. */
export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string }> },
): Promise<Response> {
  const p = parseParams(uiClusterParams, await ctx.params);
  return uiRespond(p.ok ? await uiCluster(p.data) : p.result);
}
