import { respond } from '@/lib/recovery/replay/api/http';
import { capturePost, captureStatusGet } from '@/lib/recovery/replay/api/replay-api';

export const dynamic = 'force-dynamic';

/** Capture state of a queue: ?cluster&vhost&queue. */
export async function GET(request: Request): Promise<Response> {
  return respond(await captureStatusGet(new URL(request.url).searchParams));
}

/** MUTATION: {"queue", "vhost"?, "cluster"?, "action": "start" | "stop" | "status"}. */
export async function POST(request: Request): Promise<Response> {
  return respond(await capturePost(request));
}
