import { lagTopics } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** A Kafka cluster's topics with size, produce rate and consuming groups. ?internal=true */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ cluster: string }> },
): Promise<Response> {
  return respond(lagTopics(request.url, await ctx.params));
}
