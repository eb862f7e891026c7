import Link from 'next/link';
import { UserMenu } from '../auth/user-menu';
import { NavLinks } from './nav-links';
import { ThemeToggle } from './theme-toggle';

export function AppHeader() {
  return (
    <header className="app-header" data-testid="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand" data-testid="brand">
        <span aria-hidden="true" className="brand-mark">
          ≋
        </span>
        Spillway
      </Link>
      <NavLinks />
      <UserMenu />
      <ThemeToggle />
    </header>
  );
}
