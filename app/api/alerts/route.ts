import { alertHistory } from '@/lib/api/alerts';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const result = alertHistory(new URL(request.url).searchParams);
  return Response.json(result.body, {
    status: result.ok ? 200 : result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
