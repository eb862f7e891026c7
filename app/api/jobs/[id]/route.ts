import { jobDetail } from '@/lib/api/jobs';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** One job: progress, plan, checkpoint, progress samples and, for drains, workers and temp lag. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return uiRespond(await jobDetail((await ctx.params).id));
}
