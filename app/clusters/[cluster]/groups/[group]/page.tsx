import type { Metadata } from 'next';
import { GroupPage } from '@/components/lag/group-page';
import { parseRange } from '@/lib/client/chart-data';

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
  return <GroupPage cluster={p.cluster} group={p.group} range={parseRange((await searchParams).range)} />;
}
