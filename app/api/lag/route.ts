import { lagOverview } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** Overview: clusters with health, groups and queues most urgent first. ?cluster&status&behind&search&limit&offset */
export function GET(request: Request): Response {
  return respond(lagOverview(request.url));
}
