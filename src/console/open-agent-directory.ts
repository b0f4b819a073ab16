import type { SwitchboardConfig } from '../config/schema';
import type { AgentDirectory } from '../handoff/agents';
import { loadAgentsFromDatabase, reloadAgentsFromDatabase } from '../handoff/database-agents';
import { SqlAgentStore } from '../handoff/sql-agent-store';
import type { Logger } from '../logging/logger';
import { openSqlDatabase } from '../sql/open-database';
import { loadAgentDirectory } from './load-agents';

/** The embedded default's agent accounts file (its own SQLite file, like the audit log's). */
export const DEFAULT_AGENTS_SQLITE_FILE = '.data/agents.sqlite';
/** How often database accounts are re-read: a new or removed agent takes effect within a minute. */
export const DEFAULT_AGENTS_REFRESH_MS = 60_000;

/** Where the console's agents came from. */
export type AgentSource = 'file' | 'database' | 'built-in';

/** An opened agent directory and how to release what it holds. */
export interface OpenedAgentDirectory {
  directory: AgentDirectory;
  source: AgentSource;
  close(): Promise<void>;
}

/** Options of {@link openAgentDirectory}. */
export interface OpenAgentDirectoryOptions {
  config: SwitchboardConfig;
  logger: Logger;
  /** SQLite file without `DATABASE_URL`; default {@link DEFAULT_AGENTS_SQLITE_FILE}. */
  sqlitePath?: string;
  /** Re-read interval of database accounts; default {@link DEFAULT_AGENTS_REFRESH_MS}. */
  refreshMs?: number;
}

/**
 * The agents who may log in, in this order: `handoff.agentsFile` when set; else the `swb_agents`
 * table of the deployment's database (PostgreSQL with `DATABASE_URL`, else the SQLite file) when it
 * holds at least one account (`switchboard agents add`), re-read every `refreshMs`; else the
 * built-in choice of `loadAgentDirectory` (demo agents outside production, nobody in production).
 *
 * @example
 * const agents = await openAgentDirectory({ config, logger });
 * createDemoServer({ ..., handoff: { directory: agents.directory }, onClose: agents.close });
 */
export async function openAgentDirectory(options: OpenAgentDirectoryOptions): Promise<OpenedAgentDirectory> {
  const { config, logger } = options;
  const builtIn = (source: AgentSource): OpenedAgentDirectory => ({
    directory: loadAgentDirectory(config, logger),
    source,
    close: async () => {},
  });
  if (config.handoff.agentsFile) return builtIn('file');
  const db = openSqlDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: options.sqlitePath ?? DEFAULT_AGENTS_SQLITE_FILE,
  });
  try {
    const store = await SqlAgentStore.open(db);
    if ((await store.list()).length === 0) {
      await db.close();
      return builtIn('built-in');
    }
    const source = { store, skills: config.handoff.skills };
    const directory = await loadAgentsFromDatabase(source);
    const timer = setInterval(() => {
      reloadAgentsFromDatabase(directory, source).catch((error: unknown) =>
        logger.error({ err: error }, 'agent accounts could not be re-read; the previous list stays'),
      );
    }, options.refreshMs ?? DEFAULT_AGENTS_REFRESH_MS);
    timer.unref();
    logger.info({ agents: directory.list().length }, 'agent accounts read from the database');
    return {
      directory,
      source: 'database',
      close: async () => {
        clearInterval(timer);
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
