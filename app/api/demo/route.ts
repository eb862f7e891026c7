import { demoDelete, demoPost, demoStatus } from '@/lib/api/ui-demo';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** The demo workload's status. */
export function GET(): Response {
  return uiRespond(demoStatus());
}

/**
 * MUTATION: starts (`{"action":"start"}`, the default for an empty body) or stops (`{"action":"stop"}`)
 * the demo. Same-origin only for now; the security feature will require an operator here.
 */
export async function POST(request: Request): Promise<Response> {
  return uiRespond(await demoPost(request));
}

/** MUTATION: stops the demo. Same-origin only for now; the security feature will require an operator. */
export async function DELETE(request: Request): Promise<Response> {
  return uiRespond(await demoDelete(request));
}
