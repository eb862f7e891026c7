import { respond } from '@/lib/recovery/replay/api/http';
import { replayKafkaPost } from '@/lib/recovery/replay/api/replay-api';

export const dynamic = 'force-dynamic';

/** MUTATION (unless dryRun): copy a topic range to a target topic as a job run by the server. */
export async function POST(request: Request): Promise<Response> {
  return respond(await replayKafkaPost(request));
}
