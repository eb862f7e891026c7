'use client';

import type { ReactNode } from 'react';
import { type Role, roleAtLeast } from '@/lib/client/session';
import { useSession } from './use-session';

/**
 * Renders `children` only when the signed-in role is at least `atLeast` (action buttons for operators);
 * `fallback` otherwise. The server refuses the action anyway: this only keeps the page honest.
 */
export function RequireRole({
  atLeast,
  children,
  fallback = null,
}: {
  atLeast: Role;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const { role: current } = useSession();
  if (!current || !roleAtLeast(current, atLeast)) return <>{fallback}</>;
  return <>{children}</>;
}
