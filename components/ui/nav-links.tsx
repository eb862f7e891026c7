'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview', match: (p: string) => p === '/' || p.startsWith('/clusters') },
  { href: '/audit', label: 'Audit', match: (p: string) => p === '/audit' || p.startsWith('/audit/') },
  { href: '/alerts', label: 'Alerts', match: (p: string) => p.startsWith('/alerts') },
  { href: '/jobs', label: 'Jobs', match: (p: string) => p.startsWith('/jobs') },
  { href: '/archive', label: 'Archive', match: (p: string) => p.startsWith('/archive') },
  { href: '/audit-log', label: 'Audit log', match: (p: string) => p.startsWith('/audit-log') },
] as const;

export function NavLinks() {
  const path = usePathname() ?? '/';
  return (
    <nav aria-label="Main" className="nav">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={l.match(path) ? 'page' : undefined}
          data-testid={`nav-${l.label.toLowerCase().replace(/ /g, '-')}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
