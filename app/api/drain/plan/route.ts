import { drainPlan } from '@/lib/api/jobs';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** The dry run of a drain: same body as POST /api/drain; reads only. */
export async function POST(request: Request): Promise<Response> {
  return uiRespond(await drainPlan(request));
}
