import type { Logger } from '../logging/logger';
import type { CustomerDataExport, CustomerRef, TextCipher } from '../privacy/customer-data';
import { redactPii } from '../privacy/redact';
import type { SqlDatabase, SqlRow } from '../sql/sql-database';
import { dayOf } from './analytics-event';
import { BufferedWriter, type BufferedWriterOptions } from './buffered-writer';
import { customerCondition } from './customer-match';
import type { SqlAnalyticsStore } from './sql-analytics-store';
import type { TranscriptEntry, TranscriptRole, TranscriptStore } from './transcript-store';

/** Options of {@link SqlTranscriptStore}. */
export interface SqlTranscriptStoreOptions {
  db: SqlDatabase;
  /** Runs the analytics migrations (the tables are shared with the events). */
  schema: Pick<SqlAnalyticsStore, 'migrate'>;
  /** Encrypts the (already redacted) text; none: stored as redacted plain text. */
  cipher?: TextCipher;
  /** Buffer settings for the write-behind (see {@link BufferedWriter}). */
  buffer?: Omit<BufferedWriterOptions<TranscriptEntry>, 'write' | 'logger' | 'label'>;
  logger?: Logger;
  /** Close the database with the store (default false: the analytics store owns it). */
  ownsDatabase?: boolean;
  /**
   * Writes a batch of stored (redacted, encrypted) lines elsewhere than `db`, e.g. a SQLite
   * write thread; default: {@link insertTranscriptLines} on `db`.
   */
  writer?: (lines: TranscriptEntry[]) => Promise<void>;
}

const COLUMNS = ['day', 'at', 'conversation_id', 'channel_id', 'role', 'text', 'user_id'] as const;
/** 7 columns × 300 rows per INSERT, far below both engines' parameter limits. */
const ROWS_PER_STATEMENT = 300;

/**
 * {@link TranscriptStore} on the SQL port. Text is PII-redacted (`redactPii`) before it is stored,
 * then encrypted when a cipher is given. Appends are written behind in batches, so a turn never
 * waits for the database and a database outage loses no line until the buffer is full; `list`
 * writes what is pending first, so it sees every line appended before it. Lines are listed by
 * their timestamp (then insertion order): with several processes, batches land in the order each
 * process flushes, not in the order the lines were said.
 */
export class SqlTranscriptStore implements TranscriptStore {
  readonly name = 'transcripts';
  private readonly writer: BufferedWriter<TranscriptEntry>;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SqlTranscriptStoreOptions) {
    this.writer = new BufferedWriter({
      ...options.buffer,
      write: (batch) => this.write(batch),
      logger: options.logger,
      label: 'transcripts',
    });
  }

  async append(entry: TranscriptEntry): Promise<void> {
    this.writer.push({ ...entry, text: redactPii(entry.text) });
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    await this.writer.flush();
    const rows = await (await this.db()).query(
      `SELECT ${COLUMNS.join(', ')} FROM analytics_transcripts WHERE conversation_id = ? ORDER BY at, id`,
      [conversationId],
    );
    return rows.map((r) => this.entryOf(r));
  }

  /** Lines not yet written (for the backlog gauge). */
  backlog(): number {
    return this.writer.backlog();
  }

  async conversationsOf(customer: CustomerRef): Promise<string[]> {
    await this.writer.flush();
    const where = customerCondition(customer);
    const rows = await (await this.db()).query(
      `SELECT DISTINCT conversation_id FROM analytics_transcripts WHERE ${where.sql}`,
      where.params,
    );
    return rows.map((r) => String(r['conversation_id']));
  }

  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    await this.writer.flush();
    const where = customerCondition(await this.widen(customer));
    const rows = await (await this.db()).query(
      `SELECT ${COLUMNS.join(', ')} FROM analytics_transcripts WHERE ${where.sql} ORDER BY at, id`,
      where.params,
    );
    return { source: this.name, records: rows.map((r) => this.entryOf(r)) };
  }

  async erase(customer: CustomerRef): Promise<number> {
    await this.writer.flush();
    const where = customerCondition(await this.widen(customer));
    return (await this.db()).execute(`DELETE FROM analytics_transcripts WHERE ${where.sql}`, where.params);
  }

  /** Retention: deletes lines before `date`; returns how many went. */
  async deleteOlderThan(date: Date): Promise<number> {
    const cutoff = date.toISOString();
    return (await this.db()).execute('DELETE FROM analytics_transcripts WHERE day <= ? AND at < ?', [
      dayOf(cutoff),
      cutoff,
    ]);
  }

  /** Writes what is pending (one last attempt), then closes the database if owned; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.close();
      if (this.options.ownsDatabase) await this.options.db.close();
    })();
    return this.closing;
  }

  /** The customer with every conversation of their identities: bot lines (no user id) go too. */
  private async widen(customer: CustomerRef): Promise<CustomerRef> {
    const found = await this.conversationsOf(customer);
    return { ...customer, conversationIds: [...new Set([...(customer.conversationIds ?? []), ...found])] };
  }

  private async db(): Promise<SqlDatabase> {
    await this.options.schema.migrate();
    return this.options.db;
  }

  private async write(batch: TranscriptEntry[]): Promise<void> {
    const { cipher, writer } = this.options;
    const stored = cipher ? batch.map((e) => ({ ...e, text: cipher.encrypt(e.text) })) : batch;
    if (writer) return writer(stored);
    await insertTranscriptLines(await this.db(), stored);
  }

  private entryOf(r: SqlRow): TranscriptEntry {
    const stored = String(r['text']);
    const entry: TranscriptEntry = {
      conversationId: String(r['conversation_id']),
      channelId: String(r['channel_id']),
      role: String(r['role']) as TranscriptRole,
      text: this.options.cipher ? this.options.cipher.decrypt(stored) : stored,
      timestamp: String(r['at']),
    };
    if (r['user_id'] !== null && r['user_id'] !== undefined) entry.userId = String(r['user_id']);
    return entry;
  }
}

/** Inserts stored transcript lines (already redacted and encrypted) in one transaction. */
export async function insertTranscriptLines(
  db: SqlDatabase,
  lines: readonly TranscriptEntry[],
): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < lines.length; i += ROWS_PER_STATEMENT) {
      const chunk = lines.slice(i, i + ROWS_PER_STATEMENT);
      const row = `(${COLUMNS.map(() => '?').join(', ')})`;
      await tx.execute(
        `INSERT INTO analytics_transcripts (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
        chunk.flatMap((e) => {
          const at = new Date(e.timestamp).toISOString();
          return [dayOf(at), at, e.conversationId, e.channelId, e.role, e.text, e.userId ?? null];
        }),
      );
    }
  });
}
