import { listTokens, postToken } from '@/lib/api/security';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** Admin: API tokens by name, role and last use (never the token itself). */
export function GET(): Response {
  return uiRespond(listTokens());
}

/** MUTATION (admin): creates a token `{ name, role, expiresInDays? }`; the answer shows it once. */
export async function POST(request: Request): Promise<Response> {
  return uiRespond(await postToken(request));
}
