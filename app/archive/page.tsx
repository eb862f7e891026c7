import type { Metadata } from 'next';
import { ArchivePage } from '@/components/replay/archive-page';

export const metadata: Metadata = { title: 'Message archive' };

export default function Page() {
  return <ArchivePage />;
}
