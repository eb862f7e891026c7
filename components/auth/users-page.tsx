'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { getJson, sendJson } from '@/lib/client/http';
import type { Role } from '@/lib/client/session';
import { QueryGate } from '../ui/query-gate';

interface UserRow {
  name: string;
  role: Role;
  source: 'local' | 'oidc';
}
interface TokenRow {
  name: string;
  role: Role;
  createdBy: string;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const usersKey = ['admin', 'users'] as const;
const tokensKey = ['admin', 'tokens'] as const;
const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());

/** Admin: users and API tokens (the same as `spillway users`). */
export function UsersPage() {
  const client = useQueryClient();
  const users = useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => getJson<{ users: UserRow[] }>('/api/users', signal),
  });
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => getJson<{ tokens: TokenRow[] }>('/api/tokens', signal),
  });
  const [error, setError] = useState<string | null>(null);
  const [shownToken, setShownToken] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: () => {
      setError(null);
      void client.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) => setError((e as Error).message),
  });
  const addUser = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    run.mutate(async () => {
      await sendJson('/api/users', 'POST', {
        name: f.get('name'),
        role: f.get('role'),
        password: f.get('password'),
      });
      form.reset();
    });
  };
  const addToken = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    run.mutate(async () => {
      const r = await sendJson<{ token: string }>('/api/tokens', 'POST', {
        name: f.get('name'),
        role: f.get('role'),
      });
      setShownToken(r.token);
    });
  };
  return (
    <div className="stack">
      <div className="page-title">
        <h1>Users and tokens</h1>
      </div>
      {error ? (
        <p role="alert" className="error-text" data-testid="users-error">
          {error}
        </p>
      ) : null}
      <section className="card stack-s" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <QueryGate query={users} what="the users" testId="users">
          {(d) => (
            <table className="simple-table" data-testid="users-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Sign-in</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.users.map((u) => (
                  <tr key={u.name} data-testid="user-row" data-name={u.name}>
                    <td>{u.name}</td>
                    <td>
                      <select
                        aria-label={`Role of ${u.name}`}
                        value={u.role}
                        onChange={(e) =>
                          run.mutate(() =>
                            sendJson(`/api/users/${encodeURIComponent(u.name)}`, 'PATCH', {
                              role: e.target.value,
                            }),
                          )
                        }
                      >
                        {ROLES.map((r) => (
                          <option key={r}>{r}</option>
                        ))}
                      </select>
                    </td>
                    <td>{u.source === 'oidc' ? 'single sign-on' : 'password'}</td>
                    <td>
                      <button
                        type="button"
                        className="button danger small"
                        onClick={() =>
                          run.mutate(() => sendJson(`/api/users/${encodeURIComponent(u.name)}`, 'DELETE'))
                        }
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryGate>
        <form className="row gap" onSubmit={addUser} data-testid="add-user">
          <input name="name" required placeholder="name" aria-label="New user name" maxLength={64} />
          <select name="role" aria-label="New user role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input
            name="password"
            type="password"
            required
            minLength={12}
            placeholder="password (12+)"
            aria-label="New user password"
            autoComplete="new-password"
          />
          <button type="submit" className="button primary" disabled={run.isPending}>
            Add user
          </button>
        </form>
      </section>
      <section className="card stack-s" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        {shownToken ? (
          <p className="small" data-testid="new-token">
            New token (shown once, copy it now): <code>{shownToken}</code>
          </p>
        ) : null}
        <QueryGate query={tokens} what="the API tokens" testId="tokens">
          {(d) => (
            <table className="simple-table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Created by</th>
                  <th>Last used</th>
                  <th>Expires</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.tokens.map((t) => (
                  <tr key={t.name} data-testid="token-row">
                    <td>{t.name}</td>
                    <td>{t.role}</td>
                    <td>{t.createdBy}</td>
                    <td>{when(t.lastUsedAt)}</td>
                    <td>{when(t.expiresAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button danger small"
                        onClick={() =>
                          run.mutate(() => sendJson(`/api/tokens/${encodeURIComponent(t.name)}`, 'DELETE'))
                        }
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryGate>
        <form className="row gap" onSubmit={addToken} data-testid="add-token">
          <input name="name" required placeholder="name" aria-label="New token name" maxLength={64} />
          <select name="role" aria-label="New token role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit" className="button primary" disabled={run.isPending}>
            Create token
          </button>
        </form>
      </section>
    </div>
  );
}
