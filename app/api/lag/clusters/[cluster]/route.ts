import { lagCluster } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string }> },
): Promise<Response> {
  return respond(lagCluster(await ctx.params));
}
