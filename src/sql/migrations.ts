import type { SqlDatabase, SqlDialect } from './sql-database';

/** One schema change of one component, applied once, in order. */
export interface Migration {
  /** Stable, ordered id, e.g. `001-events`. Never rename or edit an applied migration: add one. */
  id: string;
  /** The statements for each engine (`;`-separated). */
  sql: Record<SqlDialect, string>;
}

const LEDGER = `CREATE TABLE IF NOT EXISTS swb_migrations (
  component TEXT NOT NULL,
  id TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (component, id)
)`;

/**
 * Applies the component's migrations that the database has not seen yet, each in its own
 * transaction with its ledger row, so a crash never leaves one half-applied. Returns the ids applied.
 * Several processes may start at once: a migration another process applied first is skipped.
 *
 * @example await migrate(db, 'analytics', ANALYTICS_MIGRATIONS);
 */
export async function migrate(
  db: SqlDatabase,
  component: string,
  migrations: readonly Migration[],
): Promise<string[]> {
  await db.script(LEDGER);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      if (db.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [component]);
      const seen = await tx.query('SELECT 1 FROM swb_migrations WHERE component = ? AND id = ?', [
        component,
        migration.id,
      ]);
      if (seen.length > 0) return false;
      await tx.script(migration.sql[db.dialect]);
      await tx.execute('INSERT INTO swb_migrations (component, id, applied_at) VALUES (?, ?, ?)', [
        component,
        migration.id,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
