import { deleteToken } from '@/lib/api/security';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** MUTATION (admin): revokes a token. */
export async function DELETE(
  request: Request,
  { params }: { params: Promise<{ name: string }> },
): Promise<Response> {
  return uiRespond(await deleteToken(request, (await params).name));
}
