import { listUsers, postUser } from '@/lib/api/security';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** Admin: every user with their role (never a password hash). */
export function GET(): Response {
  return uiRespond(listUsers());
}

/** MUTATION (admin): adds a user `{ name, role, password }`. */
export async function POST(request: Request): Promise<Response> {
  return uiRespond(await postUser(request));
}
