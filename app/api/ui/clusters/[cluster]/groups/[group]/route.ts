import { uiGroup } from '@/lib/api/ui-entities';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** A consumer group's members and their partition assignments. */
export async function GET(
  _request: Request,
  ctx: { params: Promise<{ cluster: string; group: string }> },
): Promise<Response> {
  return uiRespond(await uiGroup(await ctx.params));
}
