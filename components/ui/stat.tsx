import type { ReactNode } from 'react';

/** One labelled figure of a summary strip. */
export function Stat({
  label,
  value,
  hint,
  tone,
  testId,
  raw,
}: {
  label: string;
  value: ReactNode;
  /** The exact figure behind `value`, in `data-value` (tests, copy-paste). */
  raw?: number | string | null;
  hint?: ReactNode;
  tone?: 'ok' | 'warn' | 'err' | 'muted';
  testId?: string;
}) {
  return (
    <div
      className={`stat${tone ? ` text-${tone}` : ''}`}
      data-testid={testId}
      data-value={raw === undefined ? undefined : String(raw)}
    >
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {hint ? <span className="stat-hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

export function Stats({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className="stats" data-testid={testId}>
      {children}
    </dl>
  );
}
