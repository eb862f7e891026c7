import { lagTopic } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string; topic: string }> },
): Promise<Response> {
  return respond(lagTopic(await ctx.params));
}
