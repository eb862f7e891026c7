import { lagClusters } from '@/lib/api/lag';
import { respond } from '@/lib/api/lag-http';

export const dynamic = 'force-dynamic';

/** Configured clusters with their sampling health (reachable, last error, last success). */
export function GET(): Response {
  return respond(lagClusters());
}
