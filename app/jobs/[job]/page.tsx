import type { Metadata } from 'next';
import { JobPage } from '@/components/jobs/job-page';

type Props = { params: Promise<{ job: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Job ${(await params).job}` };
}

export default async function Page({ params }: Props) {
  return <JobPage id={(await params).job} />;
}
