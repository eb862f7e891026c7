import { deleteUser, patchUser } from '@/lib/api/security';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ name: string }> };

/** MUTATION (admin): changes a user's `role` and/or `password` (which ends their sessions). */
export async function PATCH(request: Request, { params }: Ctx): Promise<Response> {
  return uiRespond(await patchUser(request, (await params).name));
}

/** MUTATION (admin): removes a user (never the last admin). */
export async function DELETE(request: Request, { params }: Ctx): Promise<Response> {
  return uiRespond(await deleteUser(request, (await params).name));
}
