'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { sendJson } from '@/lib/client/http';
import { useSession } from './use-session';

/** Who is signed in, with their role, and the sign-out button. */
export function UserMenu() {
  const { session, isAdmin } = useSession();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!session?.authenticated) return null;
  const signOut = async () => {
    setBusy(true);
    try {
      await sendJson('/api/auth/logout', 'POST');
    } finally {
      client.clear();
      window.location.assign('/login');
    }
  };
  return (
    <div className="row gap user-menu" data-testid="user-menu">
      {isAdmin ? (
        <Link href="/users" className="small" data-testid="nav-users">
          Users
        </Link>
      ) : null}
      <span className="small" data-testid="user-name">
        {session.name}{' '}
        <span className="muted" data-testid="user-role">
          ({session.role})
        </span>
      </span>
      <button type="button" className="button" onClick={signOut} disabled={busy} data-testid="sign-out">
        Sign out
      </button>
    </div>
  );
}
