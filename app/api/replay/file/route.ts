import { respond } from '@/lib/recovery/replay/api/http';
import { replayFilePost } from '@/lib/recovery/replay/api/replay-api';

export const dynamic = 'force-dynamic';

/** multipart/form-data `file` + `options` (JSON): preview (dryRun, the default) or start a file replay. 50 MiB at most. */
export async function POST(request: Request): Promise<Response> {
  return respond(await replayFilePost(request));
}
