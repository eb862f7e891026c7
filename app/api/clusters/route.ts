import { clusterList } from '@/lib/api/system';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json(clusterList(), { headers: { 'cache-control': 'no-store' } });
}
