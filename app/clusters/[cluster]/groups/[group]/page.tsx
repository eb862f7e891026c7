import type { Metadata } from 'next';
import { GroupPage } from '@/components/lag/group-page';
import { parseRange } from '@/lib/client/chart-data';
import { decodeSegment } from '@/lib/client/paths';

// Next.js gives generateMetadata decoded parameters but the page encoded ones (see decodeSegment).
type Props = {
  params: Promise<{ cluster: string; group: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${p.group} · ${p.cluster}` };
}

export default async function Page({ params, searchParams }: Props) {
  const p = await params;
  return (
    <GroupPage
      cluster={decodeSegment(p.cluster)}
      group={decodeSegment(p.group)}
      range={parseRange((await searchParams).range)}
    />
  );
}
