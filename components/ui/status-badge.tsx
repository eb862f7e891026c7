import type { Status } from '@/lib/lag/types';
import { statusHelp, statusLabel, statusTone } from '../lag/format';

/** A group's, partition's or queue's status, in words and colour, with the rule explained on hover. */
export function StatusBadge({ status, testId }: { status: Status; testId?: string }) {
  return (
    <span
      className={`pill tone-${statusTone(status)}`}
      title={statusHelp(status)}
      data-status={status}
      data-testid={testId}
    >
      {statusLabel(status)}
    </span>
  );
}

export function Pill({
  tone,
  children,
  title,
  testId,
}: {
  tone: 'ok' | 'warn' | 'err' | 'muted' | 'accent';
  children: React.ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span className={`pill tone-${tone}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}
