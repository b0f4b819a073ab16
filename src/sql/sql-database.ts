/**
 * One small port over the two SQL engines Switchboard supports: SQLite (better-sqlite3, the
 * embedded default, no server) and PostgreSQL (`DATABASE_URL`). Stores (analytics events,
 * transcripts, audit log) write portable SQL with `?` placeholders; the PostgreSQL implementation
 * numbers them (`$1`, `$2`, ...).
 */

/** Which engine a {@link SqlDatabase} talks to, for the few statements that differ. */
export type SqlDialect = 'sqlite' | 'postgres';

/** A row as the driver returns it. */
export type SqlRow = Record<string, unknown>;

/** A SQL value accepted as a parameter. */
export type SqlValue = string | number | bigint | boolean | null | Buffer;

/**
 * A SQL connection (pool). Statements use `?` placeholders; never put a literal `?` inside a
 * quoted string of a statement (pass it as a parameter instead).
 */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** Runs one statement; returns its rows (empty for statements without a result). */
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs one statement; returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  /** Runs a script of several `;`-separated statements without parameters (migrations). */
  script(sql: string): Promise<void>;
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
