import { lagQueue } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** One queue with history (the default vhost `/` is sent as %2F). ?range | ?from&to, &points or &step */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ cluster: string; vhost: string; queue: string }> },
): Promise<Response> {
  return respond(lagQueue(request.url, await ctx.params));
}
