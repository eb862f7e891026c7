import type { Metadata } from 'next';
import { ClusterPage } from '@/components/clusters/cluster-page';
import { decodeSegment } from '@/lib/client/paths';

// Next.js gives generateMetadata decoded parameters but the page encoded ones (see decodeSegment).
type Props = { params: Promise<{ cluster: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).cluster };
}

export default async function Page({ params }: Props) {
  return <ClusterPage cluster={decodeSegment((await params).cluster)} />;
}
