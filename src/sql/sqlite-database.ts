import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDatabase, SqlRow, SqlValue } from './sql-database';

/** Options of {@link SqliteDatabase}. */
export interface SqliteDatabaseOptions {
  /** Database file (created with its folder when missing), or `:memory:`. */
  path: string;
}

/** How long a writer waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * {@link SqlDatabase} on a SQLite file through better-sqlite3: WAL journal (readers never block
 * the writer), foreign keys on. Calls are synchronous underneath; transactions are serialised so
 * that statements of concurrent callers never land inside another caller's transaction.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private tail: Promise<unknown> = Promise.resolve();
  /** Transactions queued or running. */
  private pending = 0;

  constructor(options: SqliteDatabaseOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
  }

  query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.outsideTransaction(() => this.runQuery<T>(sql, params));
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.outsideTransaction(() => this.runExecute(sql, params));
  }

  script(sql: string): Promise<void> {
    return this.outsideTransaction(() => void this.db.exec(sql));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.tail.then(() => this.runTransaction(work)).finally(() => this.pending--);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.tail;
    if (this.db.open) this.db.close();
  }

  private async runTransaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this.transactionView());
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The same connection, for statements of the running transaction (they must not wait for it). */
  private transactionView(): SqlDatabase {
    return {
      dialect: this.dialect,
      query: async <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
        this.runQuery<T>(sql, params),
      execute: async (sql: string, params: readonly SqlValue[] = []) => this.runExecute(sql, params),
      script: async (sql: string) => void this.db.exec(sql),
      transaction: (work) => work(this.transactionView()),
      ping: () => this.ping(),
      close: async () => undefined,
    };
  }

  /**
   * A statement outside any transaction runs at once when none is queued or running; otherwise it
   * waits its turn behind them, so it never lands inside another caller's transaction.
   */
  private outsideTransaction<T>(run: () => T): Promise<T> {
    if (this.pending === 0) {
      try {
        return Promise.resolve(run());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const queued = this.tail.then(run);
    this.tail = queued.catch(() => undefined);
    return queued;
  }

  private runQuery<T>(sql: string, params: readonly SqlValue[]): T[] {
    const statement = this.db.prepare(sql);
    const values = params.map(toSqlite);
    if (statement.reader) return statement.all(...values) as T[];
    statement.run(...values);
    return [];
  }

  private runExecute(sql: string, params: readonly SqlValue[]): number {
    return this.db.prepare(sql).run(...params.map(toSqlite)).changes;
  }
}

/** SQLite has no boolean type: booleans are stored as 0/1. */
function toSqlite(value: SqlValue): Exclude<SqlValue, boolean> {
  return typeof value === 'boolean' ? Number(value) : value;
}
