import type { ReactNode } from 'react';

/** What is missing and what to do next; never a blank area. */
export function EmptyState({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="empty" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
