import type { Status } from '@/lib/lag/types';
import { STATUSES } from '@/lib/lag/types';
import { formatCount, statusLabel, statusTone } from '../lag/format';

/** Non-zero status counts as small chips: "2 Stopped · 1 Warning · 40 OK". */
export function StatusCounts({
  counts,
  noun,
  testId,
}: {
  counts: Record<Status, number>;
  noun: string;
  testId?: string;
}) {
  const present = [...STATUSES].reverse().filter((s) => counts[s] > 0);
  if (present.length === 0) return <span className="muted small">no {noun}</span>;
  return (
    <ul className="chips" data-testid={testId} aria-label={`${noun} by status`}>
      {present.map((s) => (
        <li key={s} className={`pill tone-${statusTone(s)}`} data-status={s}>
          {formatCount(counts[s])} {statusLabel(s)}
        </li>
      ))}
    </ul>
  );
}
