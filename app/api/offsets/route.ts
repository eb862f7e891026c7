import { respond } from '@/lib/recovery/replay/api/http';
import { offsetsSnapshotsGet } from '@/lib/recovery/replay/api/offsets-api';

export const dynamic = 'force-dynamic';

/** Undo snapshots of offset resets, newest first: ?cluster&group. */
export function GET(request: Request): Response {
  return respond(offsetsSnapshotsGet(new URL(request.url).searchParams));
}
