/**
 * SQL databases for tests: every SQL store runs its suite on SQLite (in memory) and on the real
 * PostgreSQL server, each PostgreSQL suite in its own schema, dropped afterwards.
 */
import { Pool } from 'pg';
import { PostgresDatabase } from '../../src/sql/postgres-database';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { SqliteDatabase } from '../../src/sql/sqlite-database';
import { describeWithPostgres, uniqueId } from './services';

/** Opens a fresh, empty database for one suite and drops it afterwards. */
export interface SqlTestDatabase {
  open(): SqlDatabase;
  drop(): Promise<void>;
}

/**
 * Runs `fn` twice: on SQLite in memory, and on PostgreSQL (skipped loudly, or failed in CI, when
 * `DATABASE_URL` is missing). `fn` receives a factory for fresh databases of that engine.
 */
export function describeOnEverySqlEngine(name: string, fn: (engine: () => SqlTestDatabase) => void): void {
  describe(`${name} (sqlite)`, () =>
    fn(() => ({ open: () => new SqliteDatabase({ path: ':memory:' }), drop: async () => undefined })));
  describeWithPostgres(`${name} (postgres)`, (databaseUrl) =>
    fn(() => postgresTestDatabase(databaseUrl(), name)),
  );
}

/** A PostgreSQL schema unique to this suite (`t_<label>_<pid>_<random>`), dropped by `drop()`. */
export function postgresTestDatabase(url: string, label: string): SqlTestDatabase {
  const schema = uniqueId(label)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 60);
  return {
    open: () => new PostgresDatabase({ url, schema }),
    drop: async () => {
      const pool = new Pool({ connectionString: url, max: 1 });
      try {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
