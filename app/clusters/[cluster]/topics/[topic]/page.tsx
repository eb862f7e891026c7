import type { Metadata } from 'next';
import { TopicPage } from '@/components/topics/topic-page';
import { decodeSegment } from '@/lib/client/paths';

// Next.js gives generateMetadata decoded parameters but the page encoded ones (see decodeSegment).
type Props = { params: Promise<{ cluster: string; topic: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${p.topic} · ${p.cluster}` };
}

export default async function Page({ params }: Props) {
  const p = await params;
  return <TopicPage cluster={decodeSegment(p.cluster)} topic={decodeSegment(p.topic)} />;
}
