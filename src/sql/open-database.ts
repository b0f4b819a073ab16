import { PostgresDatabase } from './postgres-database';
import type { SqlDatabase } from './sql-database';
import { SqliteDatabase } from './sqlite-database';

/** Where the embedded default keeps its SQLite data (shared with the FAQ feedback store). */
export const DEFAULT_SQLITE_FILE = '.data/switchboard.sqlite';

/** Options of {@link openSqlDatabase}. */
export interface OpenSqlDatabaseOptions {
  /** `DATABASE_URL`: PostgreSQL when set. */
  databaseUrl?: string;
  /** SQLite file when no `databaseUrl` (default {@link DEFAULT_SQLITE_FILE}); `:memory:` for tests. */
  sqlitePath?: string;
  /** PostgreSQL schema (tests use one per file). */
  schema?: string;
}

/**
 * The deployment's SQL database: PostgreSQL when `DATABASE_URL` is set, else the embedded SQLite
 * file, so `npm start` needs no server.
 */
export function openSqlDatabase(options: OpenSqlDatabaseOptions = {}): SqlDatabase {
  if (options.databaseUrl) return new PostgresDatabase({ url: options.databaseUrl, schema: options.schema });
  return new SqliteDatabase({ path: options.sqlitePath ?? DEFAULT_SQLITE_FILE });
}
