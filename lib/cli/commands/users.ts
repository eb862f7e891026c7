import type { Command } from 'commander';
import { cliActor } from '../../auth/actor';
import { audited } from '../../auth/audited';
import {
  addUser,
  createToken,
  password as passwordSchema,
  publicToken,
  publicUser,
  removeUser,
  revokeToken,
  role as roleSchema,
  setPassword,
  setRole,
  tokenName,
  UserAdminError,
  userName,
} from '../../auth/users';
import { openStore, type Store } from '../../store';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import { parsePositiveInt } from '../parse';
import type { CommandModule } from '../registry';

/** Reads a password: hidden prompt (twice) on a terminal, else the first line of stdin. Never a flag. */
export async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(q);
      let value = '';
      stdin.setRawMode(true);
      stdin.resume();
      const onData = (d: Buffer) => {
        for (const ch of d.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') process.exit(130);
          if (ch === '\u007f') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask(prompt);
  const again = await ask('Repeat it: ');
  if (first !== again) throw new UserError('the two passwords differ');
  return first;
}

function check<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  v: unknown,
  what: string,
): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new UserError(`${what}: ${r.error.issues[0]?.message ?? 'invalid'}`, 2);
  return r.data;
}

async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(loadCliConfig(cmd).config.dataDir);
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof UserAdminError) throw new UserError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

export const usersCommand: CommandModule = {
  name: 'users',
  summary: 'manage dashboard users and API tokens (in the store, works while Spillway runs)',
  register(program) {
    const users = program
      .command('users')
      .summary(this.summary)
      .description(
        'Users sign in to the dashboard with a role: viewer (read), operator (run recovery, demo), admin (users, tokens).\n' +
          'Passwords are read from a hidden prompt, or from the first line of stdin when it is not a terminal.',
      );
    users
      .command('list')
      .description('every user and role')
      .action(async (_f: unknown, cmd: Command) => {
        const out = output(cmd);
        const list = await withStore(cmd, (s) => s.users.list().map(publicUser));
        out.print(
          list.map((u) => `${u.name.padEnd(24)} ${u.role.padEnd(9)} ${u.source}`).join('\n') || '(no users)',
          list,
        );
      });
    users
      .command('add <name>')
      .description('add a user (password from a prompt or stdin)')
      .option('--role <role>', 'viewer | operator | admin', 'viewer')
      .action(async (rawName: string, flags: { role: string }, cmd: Command) => {
        const name = check(userName, rawName, 'user name');
        const role = check(roleSchema, flags.role, '--role');
        const pw = check(passwordSchema, await readPassword(`Password for ${name}: `), 'password');
        const u = await withStore(cmd, (s) =>
          audited(s, cliActor(), 'user.add', name, { role }, () => addUser(s, name, role, pw)),
        );
        output(cmd).print(`added ${u.name} (${u.role})`, u);
      });
    users
      .command('remove <name>')
      .description('remove a user and end their sessions (never the last admin)')
      .action(async (name: string, _f: unknown, cmd: Command) => {
        await withStore(cmd, (s) =>
          audited(s, cliActor(), 'user.remove', name, {}, () => removeUser(s, name)),
        );
        output(cmd).print(`removed ${name}`, { removed: name });
      });
    users
      .command('passwd <name>')
      .description("set a user's password (ends their sessions)")
      .action(async (name: string, _f: unknown, cmd: Command) => {
        const pw = check(passwordSchema, await readPassword(`New password for ${name}: `), 'password');
        await withStore(cmd, (s) =>
          audited(s, cliActor(), 'user.passwd', name, {}, () => setPassword(s, name, pw)),
        );
        output(cmd).print(`password of ${name} changed; their sessions ended`, { changed: name });
      });
    users
      .command('role <name> <role>')
      .description("change a user's role")
      .action(async (name: string, rawRole: string, _f: unknown, cmd: Command) => {
        const role = check(roleSchema, rawRole, 'role');
        const u = await withStore(cmd, (s) =>
          audited(s, cliActor(), 'user.update', name, { role }, () => setRole(s, name, role)),
        );
        output(cmd).print(`${u.name} is now ${u.role}`, u);
      });

    const token = users
      .command('token')
      .description('API tokens (Authorization: Bearer spl_…) for automation');
    token
      .command('create <name>')
      .description('create a token; it is printed once')
      .option('--role <role>', 'viewer | operator | admin', 'viewer')
      .option('--expires-days <days>', 'expire after this many days', parsePositiveInt)
      .action(async (rawName: string, flags: { role: string; expiresDays?: number }, cmd: Command) => {
        const name = check(tokenName, rawName, 'token name');
        const role = check(roleSchema, flags.role, '--role');
        const expiresAt = flags.expiresDays ? Date.now() + flags.expiresDays * 86_400_000 : null;
        const actor = cliActor();
        const r = await withStore(cmd, (s) =>
          audited(s, actor, 'token.create', name, { role, expiresDays: flags.expiresDays }, () =>
            createToken(s, name, role, actor.name, expiresAt),
          ),
        );
        output(cmd).print(`${r.token}\n(token "${name}", role ${role}; shown once — store it now)`, {
          ...r.record,
          token: r.token,
        });
      });
    token
      .command('revoke <name>')
      .description('revoke a token')
      .action(async (name: string, _f: unknown, cmd: Command) => {
        await withStore(cmd, (s) =>
          audited(s, cliActor(), 'token.revoke', name, {}, () => revokeToken(s, name)),
        );
        output(cmd).print(`revoked ${name}`, { revoked: name });
      });
    token
      .command('list')
      .description('tokens by name, role and last use (never the token)')
      .action(async (_f: unknown, cmd: Command) => {
        const list = await withStore(cmd, (s) => s.apiTokens.list().map(publicToken));
        output(cmd).print(
          list
            .map(
              (t) =>
                `${t.name.padEnd(24)} ${t.role.padEnd(9)} last used ${when(t.lastUsedAt)} expires ${when(t.expiresAt)}`,
            )
            .join('\n') || '(no tokens)',
          list,
        );
      });
  },
};
