import { lagGroups } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** A Kafka cluster's consumer groups, most urgent first. ?status&behind&search&limit&offset */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ cluster: string }> },
): Promise<Response> {
  return respond(lagGroups(request.url, await ctx.params));
}
