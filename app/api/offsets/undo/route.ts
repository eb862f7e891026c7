import { respond } from '@/lib/recovery/replay/api/http';
import { offsetsUndoPost } from '@/lib/recovery/replay/api/offsets-api';

export const dynamic = 'force-dynamic';

/** MUTATION (unless dryRun, the default): {"id", "cluster"?, "dryRun"?}. */
export async function POST(request: Request): Promise<Response> {
  return respond(await offsetsUndoPost(request));
}
