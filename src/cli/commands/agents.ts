/**
 * `switchboard agents list|add|remove`: agent accounts in the deployment's database (`swb_agents`:
 * PostgreSQL with `DATABASE_URL`, else `.data/agents.sqlite`), which the console uses when no
 * `handoff.agentsFile` is set. Passwords come from stdin or `SWITCHBOARD_AGENT_PASSWORD`, never
 * from an argument (shell history, `ps`), and are stored as scrypt hashes.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config';
import type { SwitchboardConfig } from '../../config/schema';
import { DEFAULT_AGENTS_SQLITE_FILE } from '../../console/open-agent-directory';
import { hasErrorCode } from '../../errors';
import { type AgentAccount, type AgentRole, validateAgentAccounts } from '../../handoff/agents';
import { hashPassword } from '../../handoff/password';
import { SqlAgentStore } from '../../handoff/sql-agent-store';
import { openSqlDatabase } from '../../sql/open-database';

const USAGE = `Usage: switchboard agents <list|add|remove> [options]
  list                         the accounts (never the hashes)
  add --id ID --name NAME --skills a,b [--role agent|supervisor|admin] [--phone +1555…]
                               adds or replaces an account; the password is read from stdin
                               (first line) or SWITCHBOARD_AGENT_PASSWORD
  remove --id ID               removes an account
Store: DATABASE_URL (PostgreSQL) or ${DEFAULT_AGENTS_SQLITE_FILE}. Running servers re-read it every minute.
`;

/** Shortest password accepted: NIST SP 800-63B's minimum for memorised secrets. */
export const MIN_AGENT_PASSWORD_CHARS = 8;

/** Where the command reads and writes (tests pass their own). */
export interface AgentsCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The password: stdin's first line, or the environment variable. */
  readPassword(): Promise<string>;
}

/** What the command runs against (tests pass their own; default: `loadConfig()`, the default file). */
export interface AgentsCommandDeps {
  config?: SwitchboardConfig;
  sqlitePath?: string;
}

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  skills: { type: 'string' },
  role: { type: 'string' },
  phone: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Runs the command; resolves with the exit code (2 for a usage or validation problem). */
export async function run(
  args: string[],
  io: AgentsCommandIo = processIo(),
  deps: AgentsCommandDeps = {},
): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  const action = positionals[0];
  if (values.help || (action !== 'list' && action !== 'add' && action !== 'remove')) {
    io.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const config = deps.config ?? loadConfig();
  const db = openSqlDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: deps.sqlitePath ?? DEFAULT_AGENTS_SQLITE_FILE,
  });
  try {
    const store = await SqlAgentStore.open(db);
    if (action === 'list') return await list(store, io);
    if (action === 'remove') return await remove(store, values, io);
    return await add(store, values, { io, skills: config.handoff.skills });
  } catch (error) {
    if (!hasErrorCode(error, 'SWB_ERR_VALIDATION') && !hasErrorCode(error, 'SWB_ERR_CONFIG_INVALID'))
      throw error;
    io.stderr.write(`${error.code}: ${error.message}\n`);
    return 2;
  } finally {
    await db.close();
  }
}

async function list(store: SqlAgentStore, io: AgentsCommandIo): Promise<number> {
  for (const a of await store.list()) {
    io.stdout.write(`${a.id}\t${a.name}\t${a.role}\t${a.skills.join(',')}${a.phone ? `\t${a.phone}` : ''}\n`);
  }
  return 0;
}

async function remove(store: SqlAgentStore, values: Values, io: AgentsCommandIo): Promise<number> {
  if (!values.id) return usageError(io, '--id is required.');
  const removed = await store.remove(values.id);
  io.stdout.write(removed ? `Removed ${values.id}.\n` : `No account ${values.id}.\n`);
  return removed ? 0 : 1;
}

async function add(
  store: SqlAgentStore,
  values: Values,
  { io, skills }: { io: AgentsCommandIo; skills: readonly string[] },
): Promise<number> {
  if (!values.id || !values.name || !values.skills)
    return usageError(io, '--id, --name and --skills are required.');
  const password = (await io.readPassword()).trim();
  if (password.length < MIN_AGENT_PASSWORD_CHARS) {
    return usageError(io, `the password must have at least ${MIN_AGENT_PASSWORD_CHARS} characters.`);
  }
  const account: AgentAccount = {
    id: values.id,
    name: values.name,
    skills: values.skills.split(',').map((s) => s.trim()),
    role: (values.role ?? 'agent') as AgentRole,
    passwordHash: await hashPassword(password),
    ...(values.phone && { phone: values.phone }),
  };
  // Same checks as at server start (known skills included), so a bad row never locks the console out.
  validateAgentAccounts({ agents: [account] }, skills, `agent account ${values.id}`);
  await store.upsert(account);
  io.stdout.write(`Saved ${account.id} (${account.role}; ${account.skills.join(', ')}).\n`);
  return 0;
}

function usageError(io: AgentsCommandIo, problem: string): number {
  io.stderr.write(`${problem}\n\n${USAGE}`);
  return 2;
}

function processIo(): AgentsCommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readPassword: async () => {
      const fromEnv = process.env['SWITCHBOARD_AGENT_PASSWORD'];
      if (fromEnv) return fromEnv;
      let text = '';
      for await (const chunk of process.stdin) {
        text += String(chunk);
        if (text.includes('\n')) break;
      }
      return text.split('\n')[0] ?? '';
    },
  };
}
