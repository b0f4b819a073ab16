import { NotFoundError, ValidationError } from '../errors';
import { migrate } from '../sql/migrations';
import type { SqlDatabase } from '../sql/sql-database';
import { AGENT_MIGRATIONS } from './agent-migrations';
import { type AgentAccount, agentAccountSchema } from './agents';

interface AgentRow {
  [column: string]: unknown;
  id: string;
  name: string;
  skills: string;
  role: string;
  password_hash: string;
  phone: string | null;
}

/**
 * Agent accounts in the deployment's SQL database (`swb_agents`; SQLite embedded, PostgreSQL with
 * `DATABASE_URL`): the alternative to an agents file when accounts change often. Rows are
 * validated on the way in; `loadAgentsFromDatabase` turns them into an `AgentDirectory` whose
 * logins upgrade outdated password hashes here.
 *
 * @example
 * const store = await SqlAgentStore.open(openSqlDatabase({ databaseUrl }));
 * await store.upsert({ id: 'alice', name: 'Alice Martin', skills: ['billing'], role: 'agent', passwordHash: await hashPassword(pw) });
 */
export class SqlAgentStore {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number,
  ) {}

  /** Opens the store, creating or migrating the table first. */
  static async open(db: SqlDatabase, now: () => number = Date.now): Promise<SqlAgentStore> {
    await migrate(db, 'agents', AGENT_MIGRATIONS);
    return new SqlAgentStore(db, now);
  }

  /** Every account, by id (rows are returned as stored; the directory validates them). */
  async list(): Promise<AgentAccount[]> {
    const rows = await this.db.query<AgentRow>(
      'SELECT id, name, skills, role, password_hash, phone FROM swb_agents ORDER BY id',
    );
    return rows.map(accountOf);
  }

  /** Adds an account, or replaces the one with the same id (`SWB_ERR_VALIDATION` when invalid). */
  async upsert(account: AgentAccount): Promise<void> {
    const parsed = agentAccountSchema.safeParse(account);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'account'}: ${i.message}`);
      throw new ValidationError(`Invalid agent account "${account.id}": ${problems.join('; ')}.`);
    }
    const a = parsed.data;
    await this.db.execute(
      `INSERT INTO swb_agents (id, name, skills, role, password_hash, phone, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, skills = excluded.skills, role = excluded.role,
         password_hash = excluded.password_hash, phone = excluded.phone, updated_at = excluded.updated_at`,
      [a.id, a.name, JSON.stringify(a.skills), a.role, a.passwordHash, a.phone ?? null, this.stamp()],
    );
  }

  /** Stores a new hash for an existing account (`SWB_ERR_NOT_FOUND` when there is none). */
  async setPasswordHash(agentId: string, passwordHash: string): Promise<void> {
    const changed = await this.db.execute(
      'UPDATE swb_agents SET password_hash = ?, updated_at = ? WHERE id = ?',
      [passwordHash, this.stamp(), agentId],
    );
    if (changed === 0) throw new NotFoundError(`Agent account "${agentId}" (table swb_agents)`);
  }

  /** Removes an account; false when there was none. */
  async remove(agentId: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM swb_agents WHERE id = ?', [agentId])) > 0;
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }
}

function accountOf(row: AgentRow): AgentAccount {
  let skills: string[];
  try {
    skills = JSON.parse(row.skills) as string[];
  } catch {
    // Reported by the directory's validation, with every other problem of the table.
    skills = [];
  }
  return {
    id: row.id,
    name: row.name,
    skills,
    role: row.role as AgentAccount['role'],
    passwordHash: row.password_hash,
    ...(row.phone ? { phone: row.phone } : {}),
  };
}
