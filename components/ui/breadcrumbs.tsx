import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Crumb {
  label: string;
  href?: string;
}

/** Where this page sits: Overview › cluster › group. The last crumb is the page itself. */
export function PageHeader({
  crumbs,
  title,
  badges,
  aside,
}: {
  crumbs: Crumb[];
  title: ReactNode;
  badges?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <header className="page-header">
      <nav aria-label="Breadcrumb" className="breadcrumbs small">
        <ol>
          {crumbs.map((c) => (
            <li key={`${c.label}-${c.href ?? ''}`}>
              {c.href ? <Link href={c.href}>{c.label}</Link> : c.label}
            </li>
          ))}
        </ol>
      </nav>
      <div className="page-title">
        <h1 data-testid="page-title">{title}</h1>
        {badges}
        <span className="spacer" />
        {aside}
      </div>
    </header>
  );
}
