import { lagQueues } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** A RabbitMQ cluster's queues, most urgent first. ?status&behind&search&limit&offset */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ cluster: string }> },
): Promise<Response> {
  return respond(lagQueues(request.url, await ctx.params));
}
