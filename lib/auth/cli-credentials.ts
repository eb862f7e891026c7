/**
 * How the `spillway` CLI on the same machine authenticates to a running Spillway's HTTP API: with
 * SPILLWAY_TOKEN (an API token from `spillway users token create`) or, by default, the local CLI token the
 * server writes at each start to `<dataDir>/cli.token` (mode 0600, an operator-scoped API token replaced at
 * every start). Whoever can read the data directory could read or change the store anyway.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store';
import { createToken } from './users';

export const CLI_TOKEN_FILE = 'cli.token';
export const CLI_TOKEN_NAME = 'local-cli';

/** Replaces the local CLI token and writes it to `<dataDir>/cli.token` (0600). */
export function writeLocalCliToken(store: Store, dataDir: string): void {
  store.apiTokens.revoke(CLI_TOKEN_NAME);
  const { token } = createToken(store, CLI_TOKEN_NAME, 'operator', 'spillway start');
  const file = path.join(dataDir, CLI_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The Authorization header for CLI calls to the API (empty when no credential is available). */
export function cliAuthHeaders(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const fromEnv = env.SPILLWAY_TOKEN?.trim();
  if (fromEnv) return { authorization: `Bearer ${fromEnv}` };
  try {
    const token = readFileSync(path.join(dataDir, CLI_TOKEN_FILE), 'utf8').trim();
    return token ? { authorization: `Bearer ${token}` } : {};
  } catch {
    return {};
  }
}
