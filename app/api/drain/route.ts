import { drainStart } from '@/lib/api/jobs';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** MUTATION: starts a drain (`{topic, group}` or `{queue, key}`, factor, force, rateLimit) in the server's runner. */
export async function POST(request: Request): Promise<Response> {
  return uiRespond(await drainStart(request));
}
