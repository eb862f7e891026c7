import type { Metadata } from 'next';
import { DrainWizard } from '@/components/recovery/drain-wizard';
import { EmptyState } from '@/components/ui/empty-state';
import { drainSourceFromQuery } from '@/lib/client/jobs';

export const metadata: Metadata = { title: 'Drain' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /jobs/drain?cluster=C&group=G (Kafka) or ?cluster=C&vhost=V&queue=Q (RabbitMQ), &job=<id> once started. */
export default async function Page({ searchParams }: Props) {
  const parsed = drainSourceFromQuery(await searchParams);
  if (!parsed) {
    return (
      <EmptyState title="What should be drained?" testId="drain-no-source">
        <p>Open the drain from a consumer group or queue page (Recovery section).</p>
      </EmptyState>
    );
  }
  return <DrainWizard source={parsed.source} jobId={parsed.jobId} />;
}
