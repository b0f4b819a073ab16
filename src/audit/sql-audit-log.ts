import { migrate } from '../sql/migrations';
import type { SqlDatabase, SqlValue } from '../sql/sql-database';
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log';
import { AUDIT_MIGRATIONS } from './audit-migrations';
import { type AuditRecord, stamp } from './audit-query';

/** Rows returned by one `list` when the query sets no limit: a screenful of history, not the table. */
const DEFAULT_LIST_LIMIT = 1000;

interface AuditRow {
  [column: string]: unknown;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string | null;
}

/**
 * The audit log on SQLite or PostgreSQL (the `src/sql` port), table `swb_audit_log`. The class
 * has no update or delete method, and the database refuses them too (triggers, see
 * `AUDIT_MIGRATIONS`); retention goes through {@link purgeBefore} only.
 *
 * @example
 * const audit = await SqlAuditLog.open(openSqlDatabase(config));
 * await audit.record({ actor: 'alice', action: 'login' });
 */
export class SqlAuditLog implements AuditLog {
  private constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number,
  ) {}

  /** Applies the audit migrations and returns the log. */
  static async open(db: SqlDatabase, now: () => number = Date.now): Promise<SqlAuditLog> {
    await migrate(db, 'audit', AUDIT_MIGRATIONS);
    return new SqlAuditLog(db, now);
  }

  async record(entry: AuditEntry): Promise<void> {
    const r = stamp(entry, this.now);
    await this.db.execute(
      'INSERT INTO swb_audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)',
      [r.at, r.actor, r.action, r.target ?? null, r.details ? JSON.stringify(r.details) : null],
    );
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, value: SqlValue | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('at >= ?', query.from?.toISOString());
    add('at < ?', query.to?.toISOString());
    add('actor = ?', query.actor);
    add('action = ?', query.action);
    params.push(query.limit ?? DEFAULT_LIST_LIMIT);
    const rows = await this.db.query<AuditRow>(
      `SELECT at, actor, action, target, details FROM swb_audit_log${
        where.length ? ` WHERE ${where.join(' AND ')}` : ''
      } ORDER BY ${query.newestFirst ? 'at DESC, id DESC' : 'at, id'} LIMIT ?`,
      params,
    );
    return rows.map(toRecord);
  }

  /**
   * Retention, the one exception to append-only: deletes records older than `cutoff` and returns
   * how many. Opens a deletion window in `swb_audit_retention` inside one transaction (the trigger
   * lets only rows before it go) and closes it before committing.
   */
  async purgeBefore(cutoff: Date): Promise<number> {
    const at = cutoff.toISOString();
    return this.db.transaction(async (tx) => {
      await tx.execute('INSERT INTO swb_audit_retention (cutoff) VALUES (?)', [at]);
      const removed = await tx.execute('DELETE FROM swb_audit_log WHERE at < ?', [at]);
      await tx.execute('DELETE FROM swb_audit_retention WHERE cutoff = ?', [at]);
      return removed;
    });
  }
}

function toRecord(row: AuditRow): AuditRecord {
  const record: AuditRecord = { at: row.at, actor: row.actor, action: row.action as AuditRecord['action'] };
  if (row.target !== null) record.target = row.target;
  if (row.details !== null) record.details = JSON.parse(row.details) as AuditRecord['details'];
  return record;
}
