import { openSqlDatabase } from '../sql/open-database';
import { SqlAuditLog } from './sql-audit-log';

/** The deployment's audit log and how to close its database connection. */
export interface OpenedAuditLog {
  audit: SqlAuditLog;
  close(): Promise<void>;
}

/**
 * Opens the audit log in the deployment's SQL database: PostgreSQL when `databaseUrl` is set,
 * else the embedded SQLite file (`.data/switchboard.sqlite`), migrated on open.
 *
 * @example const { audit, close } = await openAuditLog({ databaseUrl: config.databaseUrl });
 */
export async function openAuditLog(options: {
  databaseUrl?: string;
  sqlitePath?: string;
}): Promise<OpenedAuditLog> {
  const db = openSqlDatabase(options);
  try {
    return { audit: await SqlAuditLog.open(db), close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
