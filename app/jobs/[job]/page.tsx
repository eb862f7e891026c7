import type { Metadata } from 'next';
import { JobPage } from '@/components/jobs/job-page';
import { decodeSegment } from '@/lib/client/paths';

// Next.js gives generateMetadata decoded parameters but the page encoded ones (see decodeSegment).
type Props = { params: Promise<{ job: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Job ${(await params).job}` };
}

export default async function Page({ params }: Props) {
  return <JobPage id={decodeSegment((await params).job)} />;
}
