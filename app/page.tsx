import { Overview } from '@/components/clusters/overview';

export default function OverviewPage() {
  return <Overview />;
}
