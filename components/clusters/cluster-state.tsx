import type { ClusterHealth } from '@/lib/api/lag-types';
import { Pill } from '../ui/status-badge';

const STATE: Record<ClusterHealth['state'], { label: string; tone: 'ok' | 'warn' | 'err' | 'muted' }> = {
  pending: { label: 'Connecting…', tone: 'muted' },
  ok: { label: 'Reachable', tone: 'ok' },
  slow: { label: 'Slow', tone: 'warn' },
  unreachable: { label: 'Unreachable', tone: 'err' },
};

/** Whether the sampler reaches the cluster: Reachable, Slow, Unreachable or Connecting. */
export function ClusterStatePill({ health, testId }: { health: ClusterHealth | undefined; testId?: string }) {
  if (!health) {
    return (
      <Pill tone="muted" testId={testId}>
        No sampler data
      </Pill>
    );
  }
  const s = STATE[health.state];
  return (
    <span className={`pill tone-${s.tone}`} data-testid={testId} data-state={health.state}>
      {s.label}
    </span>
  );
}
