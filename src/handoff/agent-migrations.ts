import type { Migration } from '../sql/migrations';

const AGENTS_TABLE = `
CREATE TABLE swb_agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  skills TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  phone TEXT,
  updated_at TEXT NOT NULL
)`;

/**
 * The agent accounts table (`SqlAgentStore`). Skills are a JSON array in a TEXT column: a handful
 * per agent, always read with the row, never queried on their own.
 */
export const AGENT_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-agents',
    // The same SQL on both engines: plain TEXT columns only.
    sql: { sqlite: AGENTS_TABLE, postgres: AGENTS_TABLE },
  },
];
