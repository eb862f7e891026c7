import type { Metadata } from 'next';
import { QueuePage } from '@/components/queues/queue-page';
import { parseRange } from '@/lib/client/chart-data';

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
      cluster={p.cluster}
      vhost={p.vhost}
      queue={p.queue}
      range={parseRange((await searchParams).range)}
    />
  );
}
