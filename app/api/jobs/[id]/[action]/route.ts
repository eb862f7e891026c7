import { type JobAction, jobAction } from '@/lib/api/jobs';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

const ACTIONS: readonly JobAction[] = ['pause', 'resume', 'cancel', 'restore', 'rate'];

/** MUTATION: pause | resume (`{"rate"?}`) | cancel | restore | rate (`{"rate": n | null}`). */
export async function POST(
  request: Request,
  ctx: { params: Promise<{ id: string; action: string }> },
): Promise<Response> {
  const { id, action } = await ctx.params;
  if (!ACTIONS.includes(action as JobAction)) {
    return Response.json({ error: `unknown action ${action} (${ACTIONS.join(', ')})` }, { status: 404 });
  }
  return uiRespond(await jobAction(request, id, action as JobAction));
}
