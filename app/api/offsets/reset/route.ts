import { respond } from '@/lib/recovery/replay/api/http';
import { offsetsResetPost } from '@/lib/recovery/replay/api/offsets-api';

export const dynamic = 'force-dynamic';

/** MUTATION (unless dryRun, the default): {"group", "topic", "to", "cluster"?, "dryRun"?}. */
export async function POST(request: Request): Promise<Response> {
  return respond(await offsetsResetPost(request));
}
