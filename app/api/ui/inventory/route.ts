import { uiInventory } from '@/lib/api/ui-inventory';
import { uiRespond } from '@/lib/api/ui-params';

export const dynamic = 'force-dynamic';

/** Brokers/nodes and replication health of every cluster, from a cache; never waits on a cluster. */
export async function GET(): Promise<Response> {
  return uiRespond(await uiInventory());
}
