import { auditLogEntries } from '@/lib/api/security';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** The security audit log, newest first: `?actor&action&target&result&since&until&before&limit`. */
export function GET(request: Request): Response {
  return uiRespond(auditLogEntries(new URL(request.url).searchParams));
}
