import { uiTopic } from '@/lib/api/ui-entities';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** A topic's partitions (leader, replicas, ISR, offsets) and configs. */
export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string; topic: string }> },
): Promise<Response> {
  return uiRespond(await uiTopic(await ctx.params));
}
