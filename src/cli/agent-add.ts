import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { parseEnv } from '../config/config.js';
import { ConfigError } from '../core/errors.js';
import type { Store } from '../core/store.js';
import { AGENT_NAME, AGENT_ROLES, DISPLAY_NAME, accountEntry, type AgentRole, parseAgentAccounts, removeAgentAccount, saveAgentAccount } from '../assist/agent-accounts.js';
import { hashPassword } from '../assist/password-hash.js';
import { createRedisStore } from '../store/create-redis-store.js';
import { readPassword } from '../assist/read-password.js';
import { loadDotEnv } from '../config/dotenv.js';

/**
 * `npm run agent:add -- --name alice [--display-name "Alice"] [--role admin] [--password-stdin] [--print]`, or `--remove`
 *
 * Hashes the password with scrypt. With REDIS_URL the account is stored in Redis (every app
 * process sees it at the next sign-in); without it, or with --print, it prints the
 * AGENT_ACCOUNTS entry to put in the environment instead.
 */
export interface AgentAddIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  /** Opens the Redis store (tests pass their own key prefix). */
  openStore?: (url: string) => Promise<{ store: Store; close(): Promise<void> }>;
}

const USAGE = `Usage: npm run agent:add -- --name NAME [--display-name "SHOWN NAME"] [--role agent|admin] [--password-stdin] [--print]
       npm run agent:add -- --name NAME --remove

  --name NAME        login name (1-32 letters, digits, "_", "." or "-"); customers never see it
  --display-name X   the name customers see on this agent's messages and "X has joined the chat"
                     (1-40 letters, digits, spaces, ".", "'" or "-"); without it they see "our support team"
  --role ROLE        agent (default) or admin; admins may also accept routing changes on the Insights page
  --password-stdin   read the password from the first line of standard input (for scripts)
  --print            only print the AGENT_ACCOUNTS entry, even when REDIS_URL is set
  --remove           delete the account stored in Redis (its open sessions end at once)

Without --password-stdin the password is asked for twice (not echoed).
With REDIS_URL the account is stored in Redis; without it, the command prints the
AGENT_ACCOUNTS value to set instead (the in-memory store forgets everything on restart).
`;

const MIN_PASSWORD = 10;

interface Args {
  name: string;
  displayName?: string;
  role?: AgentRole;
  passwordStdin: boolean;
  print: boolean;
  remove: boolean;
}

function parseArgs(argv: string[]): Args | string {
  let name: string | undefined;
  let displayName: string | undefined;
  let role: string | undefined;
  let passwordStdin = false;
  let print = false;
  let remove = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--name') name = argv[++i];
    else if (a.startsWith('--name=')) name = a.slice('--name='.length);
    else if (a === '--display-name') displayName = argv[++i];
    else if (a.startsWith('--display-name=')) displayName = a.slice('--display-name='.length);
    else if (a === '--role') role = argv[++i];
    else if (a.startsWith('--role=')) role = a.slice('--role='.length);
    else if (a === '--password-stdin') passwordStdin = true;
    else if (a === '--print') print = true;
    else if (a === '--remove') remove = true;
    else if (a === '--help' || a === '-h') return '';
    else return `unknown option "${a}"`;
  }
  if (!name) return '--name is required';
  if (!AGENT_NAME.test(name)) return `--name "${name}" is not valid: use 1-32 letters, digits, "_", "." or "-", starting with a letter or digit`;
  if (displayName !== undefined && !DISPLAY_NAME.test(displayName.trim())) {
    return `--display-name "${displayName.slice(0, 40)}" is not valid: use 1-40 letters, digits, spaces, ".", "'" or "-"`;
  }
  if (role !== undefined && !AGENT_ROLES.includes(role as AgentRole)) return `--role must be one of ${AGENT_ROLES.join(', ')}, got "${String(role).slice(0, 20)}"`;
  if (remove && (print || passwordStdin || displayName !== undefined || role !== undefined)) return '--remove takes no other option than --name';
  return { name, ...(displayName !== undefined ? { displayName: displayName.trim() } : {}), ...(role === 'admin' ? { role: 'admin' as const } : {}), passwordStdin, print, remove };
}

export async function run(argv: string[], io: AgentAddIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) io.stderr.write(`agent:add: ${args}\n\n`);
    io.stderr.write(USAGE);
    return args ? 2 : 0;
  }
  let env;
  try {
    env = parseEnv(io.env);
  } catch (err) {
    io.stderr.write(`agent:add: ${(err as Error).message}\n`);
    return 2;
  }

  const open = io.openStore ?? ((url: string) => createRedisStore({ url, historyTtlSeconds: env.HISTORY_TTL_SECONDS, maxMessages: env.HISTORY_MAX_MESSAGES }));

  if (args.remove) {
    if (!env.REDIS_URL) {
      io.stderr.write('agent:add: --remove deletes accounts stored in Redis; REDIS_URL is not set (remove the entry from AGENT_ACCOUNTS instead)\n');
      return 2;
    }
    const bundle = await open(env.REDIS_URL);
    try {
      const removed = await removeAgentAccount(bundle.store, args.name);
      io.stdout.write(removed ? `Agent "${args.name}" removed; their sessions have ended.\n` : `No agent "${args.name}" is stored in Redis.\n`);
      return removed ? 0 : 1;
    } finally {
      await bundle.close();
    }
  }

  let password: string;
  try {
    password = await readPassword(io, { fromStdin: args.passwordStdin, confirm: !args.passwordStdin });
  } catch (err) {
    io.stderr.write(`agent:add: ${(err as Error).message}\n`);
    return 2;
  }
  if (password.length < MIN_PASSWORD) {
    io.stderr.write(`agent:add: the password must be at least ${MIN_PASSWORD} characters\n`);
    return 2;
  }
  if (password.length > 1024) {
    io.stderr.write('agent:add: the password must be at most 1024 characters\n');
    return 2;
  }
  const hash = await hashPassword(password);

  if (env.REDIS_URL && !args.print) {
    const bundle = await open(env.REDIS_URL);
    try {
      await saveAgentAccount(bundle.store, { name: args.name, hash, createdAt: Date.now(), ...(args.displayName ? { displayName: args.displayName } : {}), ...(args.role ? { role: args.role } : {}) });
    } finally {
      await bundle.close();
    }
    io.stdout.write(`${args.role === 'admin' ? 'Admin' : 'Agent'} "${args.name}" saved in Redis. Sign in at /agent/login (running servers see it at once).\n`);
    return 0;
  }

  const entry = accountEntry({ name: args.name, hash, displayName: args.displayName, role: args.role });
  let others: string[] = [];
  try {
    others = [...parseAgentAccounts(env.AGENT_ACCOUNTS).values()].filter((a) => a.name.toLowerCase() !== args.name.toLowerCase()).map(accountEntry);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`agent:add: ignoring the current AGENT_ACCOUNTS (${err.message})\n`);
  }
  if (!env.REDIS_URL) {
    io.stderr.write('REDIS_URL is not set: the in-memory store forgets accounts on restart, so put the account in the environment instead.\n');
  }
  io.stderr.write('Set this in .env (or your service environment) and restart the server:\n\n');
  io.stdout.write(`AGENT_ACCOUNTS=${[...others, entry].join(',')}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Settings in .env apply to every command, as to npm start.
  loadDotEnv();
  run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`agent:add: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
