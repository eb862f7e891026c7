import { lagGroup } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** One group: summary, partitions and history. ?range=1h | ?from&to (epoch ms), &points or &step */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ cluster: string; group: string }> },
): Promise<Response> {
  return respond(lagGroup(request.url, await ctx.params));
}
