import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { SqlDatabase, SqlRow, SqlValue } from './sql-database';

/** Options of {@link PostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** `postgresql://user@host:port/db`. */
  url: string;
  /** Schema every table lives in (created when missing); tests use one per file. Default `public`. */
  schema?: string;
  /** Connections in the pool. */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 10;
const CONNECT_TIMEOUT_MS = 5000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * {@link SqlDatabase} on PostgreSQL through a `pg` pool. `?` placeholders are numbered for the
 * driver; `BIGINT` and `NUMERIC` results arrive as strings (pg's default), so stores convert what
 * they read with `Number(...)`.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private readonly ready: Promise<void>;

  constructor(options: PostgresDatabaseOptions) {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}".`);
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      options: `-c search_path=${schema}`,
    };
    this.pool = new Pool(config);
    // An idle client losing its connection (server restart) must not crash the process.
    this.pool.on('error', () => undefined);
    this.ready = schema === 'public' ? Promise.resolve() : this.createSchema(schema);
    this.ready.catch(() => undefined);
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    await this.ready;
    const result = await this.pool.query(numberPlaceholders(sql), [...params]);
    return result.rows as T[];
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.ready;
    const result = await this.pool.query(numberPlaceholders(sql), [...params]);
    return result.rowCount ?? 0;
  }

  async script(sql: string): Promise<void> {
    await this.ready;
    await this.pool.query(sql);
  }

  async ping(): Promise<void> {
    await this.ready;
    await this.pool.query('SELECT 1');
  }

  async transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientView(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async createSchema(schema: string): Promise<void> {
    const client = new Pool({ connectionString: this.pool.options.connectionString, max: 1 });
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
}

/** One transaction's client seen as a {@link SqlDatabase}. */
function clientView(client: PoolClient): SqlDatabase {
  const view: SqlDatabase = {
    dialect: 'postgres',
    query: async <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numberPlaceholders(sql), [...params])).rows as T[],
    execute: async (sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0,
    script: async (sql: string) => void (await client.query(sql)),
    transaction: (work) => work(view),
    ping: async () => void (await client.query('SELECT 1')),
    close: async () => undefined,
  };
  return view;
}

/** `a = ? AND b = ?` → `a = $1 AND b = $2` (statements never hold a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
