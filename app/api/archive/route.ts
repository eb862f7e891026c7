import { archiveList } from '@/lib/recovery/replay/api/archive-api';
import { respond } from '@/lib/recovery/replay/api/http';

export const dynamic = 'force-dynamic';

/** Archived (captured) RabbitMQ messages, oldest first, without bodies: ?cluster&vhost&queue&reason&since&until&replayed&after&limit. */
export function GET(request: Request): Response {
  return respond(archiveList(new URL(request.url).searchParams));
}
