'use client';

import { type FormEvent, useState } from 'react';

/** The sign-in form: POST /api/auth/login, then back to `next` (a same-site path). */
export function LoginForm({
  next,
  oidc = false,
  initialError = null,
}: {
  next: string;
  /** Offer "Sign in with single sign-on" (auth.oidc is configured). */
  oidc?: boolean;
  /** A refusal handed back by the OIDC callback. */
  initialError?: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({
          name: String(form.get('name') ?? ''),
          password: String(form.get('password') ?? ''),
        }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      setError(body.error ?? `${res.status} ${res.statusText}`);
    } catch (err) {
      setError(`Spillway is not reachable (${(err as Error).message})`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack-s login-form" onSubmit={onSubmit} data-testid="login-form">
      <h1 style={{ margin: 0 }}>Sign in</h1>
      <label className="login-field">
        <span>User name</span>
        <input name="name" autoComplete="username" required maxLength={64} data-testid="login-name" />
      </label>
      <label className="login-field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          data-testid="login-password"
        />
      </label>
      {error ? (
        <p role="alert" className="error-text small" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={busy} data-testid="login-submit">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {oidc ? (
        <a
          className="button"
          href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}
          data-testid="login-oidc"
        >
          Sign in with single sign-on
        </a>
      ) : null}
      <p className="small muted">
        First start: the <code>admin</code> password was printed once on the console that started Spillway.
        Manage users with <code>spillway users</code>.
      </p>
    </form>
  );
}
