import type { Metadata } from 'next';
import { QueuePage } from '@/components/queues/queue-page';
import { parseRange } from '@/lib/client/chart-data';
import { decodeSegment } from '@/lib/client/paths';

// Next.js gives generateMetadata decoded parameters but the page encoded ones (see decodeSegment).
type Props = {
  params: Promise<{ cluster: string; vhost: string; queue: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${p.queue} · ${p.cluster}` };
}

export default async function Page({ params, searchParams }: Props) {
  const p = await params;
  return (
    <QueuePage
      cluster={decodeSegment(p.cluster)}
      vhost={decodeSegment(p.vhost)}
      queue={decodeSegment(p.queue)}
      range={parseRange((await searchParams).range)}
    />
  );
}
