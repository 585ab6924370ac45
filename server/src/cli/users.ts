import { parseArgs } from 'node:util';
import { newUserSchema } from '@rls/shared';
import { runCli, UsageError } from '../cli-runtime';
import type { AppContext } from '../context';
import { passwordProblem } from '../features/users/passwords';
import { parseInput } from '../http/validate';
import { allUsers, createUser, resetMfa, resetPassword, setActive } from '../features/users/service';

const USAGE = `Usage: npm run users -- <command>

  add <username> --name "Full Name" --role clinician|admin
  disable <username>           ends the user's sessions and blocks login
  enable <username>
  reset-password <username>    sets a new password and ends the user's sessions
  reset-mfa <username>         removes the user's two-factor authentication (lost phone)
  list

The password is read from RLS_PASSWORD, or asked for when run in a terminal: at least 12 characters,
not a common password, not containing the username.`;

/** Reads a line without echoing it (raw TTY mode). */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new UsageError('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readNewPassword(username: string): Promise<string> {
  const fromEnv = process.env.RLS_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') {
    const problem = passwordProblem(fromEnv, username);
    if (problem) throw new UsageError(`RLS_PASSWORD ${problem}.`);
    return fromEnv;
  }
  if (!process.stdin.isTTY) {
    throw new UsageError('Set RLS_PASSWORD, or run this in a terminal to be asked for the password.');
  }
  for (;;) {
    const first = await promptHidden('New password: ');
    const problem = passwordProblem(first, username);
    if (problem) {
      console.error(`The password ${problem}.`);
      continue;
    }
    const second = await promptHidden('Repeat the password: ');
    if (first === second) return first;
    console.error('The passwords differ; try again.');
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function oneUsername(positionals: string[], command: string): string {
  const [username, ...extra] = positionals;
  if (!username || extra.length > 0)
    throw new UsageError(`${command} needs exactly one username.\n\n${USAGE}`);
  return username;
}

async function run(ctx: AppContext, argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  switch (command) {
    case 'add': {
      const username = oneUsername(positionals, 'add');
      if (!values.name || !values.role) throw new UsageError(`add needs --name and --role.\n\n${USAGE}`);
      const password = await readNewPassword(username);
      const input = { username, name: values.name, role: values.role, password };
      const user = await createUser(ctx, null, parseInput(newUserSchema, input));
      console.log(`Created ${user.role} "${user.username}" (${user.name}).`);
      return;
    }
    case 'disable':
    case 'enable': {
      const username = oneUsername(positionals, command);
      const { revokedSessions } = await setActive(ctx, null, username, command === 'enable');
      console.log(
        command === 'enable'
          ? `Enabled "${username}".`
          : `Disabled "${username}"; ended ${revokedSessions} session${revokedSessions === 1 ? '' : 's'}.`,
      );
      return;
    }
    case 'reset-password': {
      const username = oneUsername(positionals, command);
      const password = await readNewPassword(username);
      const { revokedSessions } = await resetPassword(ctx, null, username, password);
      console.log(
        `New password set for "${username}"; ended ${revokedSessions} session${revokedSessions === 1 ? '' : 's'}.`,
      );
      return;
    }
    case 'reset-mfa': {
      const username = oneUsername(positionals, command);
      const user = (await allUsers(ctx)).find((u) => u.username === username.trim().toLowerCase());
      if (!user) throw new UsageError(`No user "${username}".`);
      const { revokedSessions } = await resetMfa(ctx, null, user.id);
      console.log(
        `Two-factor authentication removed for "${user.username}"; ended ${revokedSessions} session${revokedSessions === 1 ? '' : 's'}.`,
      );
      return;
    }
    case 'list': {
      const users = await allUsers(ctx);
      if (users.length === 0) {
        console.log('No users.');
        return;
      }
      console.log(
        table([
          ['USERNAME', 'NAME', 'ROLE', 'ACTIVE', 'MFA', 'CREATED'],
          ...users.map((u) => [
            u.username,
            u.name,
            u.role,
            u.active ? 'yes' : 'no',
            u.mfaEnabled ? 'yes' : 'no',
            u.createdAt.slice(0, 10),
          ]),
        ]),
      );
      return;
    }
    default:
      throw new UsageError(
        command && command !== 'help' && command !== '--help'
          ? `Unknown command "${command}".\n\n${USAGE}`
          : USAGE,
      );
  }
}

await runCli((ctx) => run(ctx, process.argv.slice(2)));
