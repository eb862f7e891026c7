import type { Metadata } from 'next';
import { OffsetResetPage } from '@/components/recovery/offset-reset';
import { EmptyState } from '@/components/ui/empty-state';
import { drainSourceFromQuery } from '@/lib/client/jobs';

export const metadata: Metadata = { title: 'Reset offsets' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /jobs/reset?cluster=C&group=G: offset reset with undo for a consumer group. */
export default async function Page({ searchParams }: Props) {
  const parsed = drainSourceFromQuery(await searchParams);
  if (parsed?.source.kind !== 'kafka') {
    return (
      <EmptyState title="Which consumer group?" testId="reset-no-group">
        <p>Open the offset reset from a consumer group page (Recovery section).</p>
      </EmptyState>
    );
  }
  return <OffsetResetPage cluster={parsed.source.cluster} group={parsed.source.group} />;
}
