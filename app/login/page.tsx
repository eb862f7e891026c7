import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { oidcEnabled } from '@/lib/api/security';
import { safeNext } from '@/lib/auth/policy';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const { next, error } = await searchParams;
  return (
    <div className="login-page">
      <LoginForm
        next={safeNext(typeof next === 'string' ? next : undefined)}
        oidc={oidcEnabled()}
        initialError={typeof error === 'string' ? error.slice(0, 200) : null}
      />
    </div>
  );
}
