import { listJobs } from '@/lib/api/jobs';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** Recovery jobs, newest first (`?active=true`, `?kind=drain-kafka`). */
export function GET(request: Request): Response {
  return uiRespond(listJobs(new URL(request.url).searchParams));
}
