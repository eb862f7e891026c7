import { auditReport } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const result = await auditReport(new URL(request.url).searchParams);
  return Response.json(result.body, {
    status: result.ok ? 200 : result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
