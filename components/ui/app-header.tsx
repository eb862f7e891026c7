import Link from 'next/link';
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
      <nav aria-label="Main" className="nav">
        <Link href="/">Overview</Link>
      </nav>
      <ThemeToggle />
    </header>
  );
}
