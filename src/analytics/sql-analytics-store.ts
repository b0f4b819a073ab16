import type { CustomerDataExport, CustomerRef, TextCipher } from '../privacy/customer-data';
import { migrate } from '../sql/migrations';
import type { SqlDatabase, SqlRow, SqlValue } from '../sql/sql-database';
import { type AnalyticsEvent, dayOf } from './analytics-event';
import {
  type MetricsFilter,
  type MetricsQuery,
  type MetricsRow,
  queryEscalationReasons,
  queryMetrics,
} from './analytics-metrics';
import { ANALYTICS_COMPONENT, ANALYTICS_MIGRATIONS } from './analytics-migrations';
import { rollUp } from './analytics-rollup';
import type { AnalyticsStore, CustomerSummary } from './analytics-store';
import { customerCondition } from './customer-match';
import { customerConversations } from './customer-queries';

/** Options of {@link SqlAnalyticsStore}. */
export interface SqlAnalyticsStoreOptions {
  db: SqlDatabase;
  /** Encrypts profile fields (the customer's name); none: stored as given. */
  cipher?: TextCipher;
  /** Close the database with the store (default true). */
  ownsDatabase?: boolean;
}

const COLUMNS = [
  'day',
  'at',
  'type',
  'channel_id',
  'conversation_id',
  'user_id',
  'intent',
  'confidence',
  'out_of_scope',
  'sentiment_score',
  'sentiment_label',
  'reason',
  'skill',
  'form',
  'helpful',
  'csat',
  'duration_ms',
  'customer_id',
  'customer_name',
] as const;

/** Rows per INSERT statement: 19 columns × 200 rows stays far below both engines' parameter limits. */
const ROWS_PER_STATEMENT = 200;

function flag(value: boolean | undefined): SqlValue {
  return value === undefined ? null : value ? 1 : 0;
}

/**
 * {@link AnalyticsStore} on the SQL port (SQLite or PostgreSQL). Migrates on first use; writes
 * batches as multi-row INSERTs in one transaction.
 *
 * @example
 * const store = new SqlAnalyticsStore({ db: openSqlDatabase({ databaseUrl }) });
 * await store.insert([{ type: 'message_in', at, channelId: 'webchat', conversationId: 'c1' }]);
 */
export class SqlAnalyticsStore implements AnalyticsStore {
  readonly name = 'analytics-events';
  private ready: Promise<unknown> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SqlAnalyticsStoreOptions) {}

  /** Applies the analytics migrations (also done on first use); retried after a failure. */
  migrate(): Promise<unknown> {
    this.ready ??= migrate(this.options.db, ANALYTICS_COMPONENT, ANALYTICS_MIGRATIONS).catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Writes the events and their rollups in one transaction; `message_out` is only counted (no raw row). */
  async insert(events: readonly AnalyticsEvent[]): Promise<void> {
    if (events.length === 0) return;
    const db = await this.db();
    const rows = events.filter((e) => e.type !== 'message_out');
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
        const row = `(${COLUMNS.map(() => '?').join(', ')})`;
        await tx.execute(
          `INSERT INTO analytics_events (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
          chunk.flatMap((event) => this.values(event)),
        );
      }
      await rollUp(tx, events);
    });
  }

  async metrics(query: MetricsQuery): Promise<MetricsRow[]> {
    return queryMetrics(await this.db(), query);
  }

  async escalationReasons(filter: MetricsFilter): Promise<Array<{ reason: string; count: number }>> {
    return queryEscalationReasons(await this.db(), filter);
  }

  async customer(customerId: string): Promise<CustomerSummary | undefined> {
    const db = await this.db();
    const rows = await db.query(
      `SELECT channel_id, user_id, customer_name, at FROM analytics_events
WHERE type = 'identified' AND customer_id = ? ORDER BY at`,
      [customerId],
    );
    if (rows.length === 0) return undefined;
    const identities = uniqueIdentities(rows);
    const named = [...rows].reverse().find((r) => r['customer_name'] !== null);
    const name = named ? this.reveal(String(named['customer_name'])) : null;
    const conversations = await customerConversations(db, { identities });
    return { customerId, name, identities, conversations };
  }

  async customerIdOf(identity: { channelId: string; userId: string }): Promise<string | undefined> {
    const rows = await (await this.db()).query(
      `SELECT customer_id FROM analytics_events
WHERE channel_id = ? AND user_id = ? AND type = 'identified' AND customer_id IS NOT NULL
ORDER BY at DESC, id DESC LIMIT 1`,
      [identity.channelId, identity.userId],
    );
    const found = rows[0]?.['customer_id'];
    return found === null || found === undefined ? undefined : String(found);
  }

  async conversationsOf(customer: CustomerRef): Promise<string[]> {
    const where = customerCondition(customer);
    const rows = await (await this.db()).query(
      `SELECT DISTINCT conversation_id FROM analytics_events WHERE ${where.sql}`,
      where.params,
    );
    return rows.map((r) => String(r['conversation_id']));
  }

  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    const where = customerCondition(await this.widen(customer));
    const rows = await (await this.db()).query(
      `SELECT ${COLUMNS.join(', ')} FROM analytics_events WHERE ${where.sql} ORDER BY at, id`,
      where.params,
    );
    const records = rows.map((r) => {
      const name = r['customer_name'];
      return { ...r, customer_name: typeof name === 'string' ? this.reveal(name) : null };
    });
    return { source: this.name, records };
  }

  /**
   * Deletes the customer's events and the keys naming their conversations. The daily rollups are
   * anonymous counts and stay, so past figures do not change when a customer is erased.
   */
  async erase(customer: CustomerRef): Promise<number> {
    const widened = await this.widen(customer);
    const conversations = widened.conversationIds ?? [];
    const where = customerCondition(widened);
    const db = await this.db();
    return db.transaction(async (tx) => {
      const erased = await tx.execute(`DELETE FROM analytics_events WHERE ${where.sql}`, where.params);
      const keys = customerCondition({ identities: [], conversationIds: conversations });
      await tx.execute(`DELETE FROM analytics_conversation_keys WHERE ${keys.sql}`, keys.params);
      return erased;
    });
  }

  /** Retention: deletes the events before `date` (and the conversation keys of older days); the anonymous rollups stay. */
  async deleteOlderThan(date: Date): Promise<number> {
    const cutoff = date.toISOString();
    const db = await this.db();
    await db.execute('DELETE FROM analytics_conversation_keys WHERE day < ?', [dayOf(cutoff)]);
    // The day bound lets the (day, …) index find the rows; `at` is exact within the last day.
    return db.execute('DELETE FROM analytics_events WHERE day <= ? AND at < ?', [dayOf(cutoff), cutoff]);
  }

  /** Closes the database unless `ownsDatabase` is false; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.options.ownsDatabase === false ? Promise.resolve() : this.options.db.close();
    return this.closing;
  }

  /** The customer with every conversation of their identities: events without a user id go too. */
  private async widen(customer: CustomerRef): Promise<CustomerRef> {
    const found = await this.conversationsOf(customer);
    return { ...customer, conversationIds: [...new Set([...(customer.conversationIds ?? []), ...found])] };
  }

  private async db(): Promise<SqlDatabase> {
    await this.migrate();
    return this.options.db;
  }

  private values(e: AnalyticsEvent): SqlValue[] {
    const name = e.customerName === undefined ? null : this.hide(e.customerName);
    return [
      dayOf(e.at),
      new Date(e.at).toISOString(),
      e.type,
      e.channelId,
      e.conversationId,
      e.userId ?? null,
      e.intent ?? null,
      e.confidence ?? null,
      flag(e.outOfScope),
      e.sentimentScore ?? null,
      e.sentimentLabel ?? null,
      e.reason ?? null,
      e.skill ?? null,
      e.form ?? null,
      flag(e.helpful),
      e.csat ?? null,
      e.durationMs === undefined ? null : Math.round(e.durationMs),
      e.customerId ?? null,
      name,
    ];
  }

  private hide(text: string): string {
    return this.options.cipher ? this.options.cipher.encrypt(text) : text;
  }

  private reveal(text: string): string {
    return this.options.cipher ? this.options.cipher.decrypt(text) : text;
  }
}

function uniqueIdentities(rows: SqlRow[]): Array<{ channelId: string; userId: string }> {
  const seen = new Map<string, { channelId: string; userId: string }>();
  for (const r of rows) {
    if (r['user_id'] === null || r['user_id'] === undefined) continue;
    const identity = { channelId: String(r['channel_id']), userId: String(r['user_id']) };
    seen.set(`${identity.channelId}\u0000${identity.userId}`, identity);
  }
  return [...seen.values()];
}
