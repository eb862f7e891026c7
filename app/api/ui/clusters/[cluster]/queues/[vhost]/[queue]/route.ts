import { uiQueue } from '@/lib/api/ui-entities';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** A RabbitMQ queue: type, effective policy (TTL, DLX, max-length), consumers, rates, head-message age. */
export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string; vhost: string; queue: string }> },
): Promise<Response> {
  return uiRespond(await uiQueue(await ctx.params));
}
