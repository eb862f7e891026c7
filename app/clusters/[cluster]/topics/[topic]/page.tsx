import type { Metadata } from 'next';
import { TopicPage } from '@/components/topics/topic-page';

type Props = { params: Promise<{ cluster: string; topic: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${p.topic} · ${p.cluster}` };
}

export default async function Page({ params }: Props) {
  const p = await params;
  return <TopicPage cluster={p.cluster} topic={p.topic} />;
}
