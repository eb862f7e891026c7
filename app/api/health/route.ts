import { healthReport } from '@/lib/api/system';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json(healthReport(), { headers: { 'cache-control': 'no-store' } });
}
