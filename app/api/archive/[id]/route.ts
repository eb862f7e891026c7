import { archiveMessage } from '@/lib/recovery/replay/api/archive-api';
import { respond } from '@/lib/recovery/replay/api/http';

export const dynamic = 'force-dynamic';

/** One archived message with its body (utf8 or base64, first 64 KiB). */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return respond(archiveMessage(id));
}
