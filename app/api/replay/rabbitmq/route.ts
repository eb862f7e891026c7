import { respond } from '@/lib/recovery/replay/api/http';
import { replayRabbitmqPost } from '@/lib/recovery/replay/api/replay-api';

export const dynamic = 'force-dynamic';

/** MUTATION (unless dryRun): replay archived messages of a queue as a job run by the server. */
export async function POST(request: Request): Promise<Response> {
  return respond(await replayRabbitmqPost(request));
}
