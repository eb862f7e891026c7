import type { Metadata } from 'next';
import { ClusterPage } from '@/components/clusters/cluster-page';

// Next.js hands route parameters over already percent-decoded, once.
type Props = { params: Promise<{ cluster: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).cluster };
}

export default async function Page({ params }: Props) {
  return <ClusterPage cluster={(await params).cluster} />;
}
