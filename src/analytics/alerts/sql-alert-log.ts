import { migrate } from '../../sql/migrations';
import type { SqlDatabase } from '../../sql/sql-database';
import type { AlertLog, SentimentAlert } from './alert';
import { ALERT_MIGRATIONS, ALERTS_COMPONENT } from './alert-migrations';
import { DEFAULT_ALERT_LIST_LIMIT } from './memory-alert-log';

/** Most alerts one `list` returns, whatever the caller asks. */
export const MAX_ALERT_LIST_LIMIT = 1000;

interface AlertRow {
  id: string;
  raised_at: string;
  intent: string | null;
  channel_id: string | null;
  negative_share: number | string;
  baseline_share: number | string;
  messages: number | string;
  window_ms: number | string;
  summary: string;
}

/**
 * {@link AlertLog} in SQL (SQLite or PostgreSQL through the `src/sql` port), for the dashboard.
 * Call {@link SqlAlertLog.migrate} once at start. Recording the same alert twice keeps one row.
 *
 * @example
 * const log = new SqlAlertLog(openSqlDatabase({ databaseUrl }));
 * await log.migrate();
 */
export class SqlAlertLog implements AlertLog {
  constructor(private readonly db: SqlDatabase) {}

  /** Creates or updates the table (migration component `alerts`). */
  async migrate(): Promise<void> {
    await migrate(this.db, ALERTS_COMPONENT, ALERT_MIGRATIONS);
  }

  async record(alert: SentimentAlert): Promise<void> {
    await this.db.execute(
      `INSERT INTO swb_sentiment_alerts
         (id, raised_at, intent, channel_id, negative_share, baseline_share, messages, window_ms, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
      [
        alert.id,
        new Date(alert.raisedAt).toISOString(),
        alert.intent ?? null,
        alert.channelId ?? null,
        alert.negativeShare,
        alert.baselineShare,
        alert.messages,
        alert.windowMs,
        alert.summary,
      ],
    );
  }

  async list(from: Date, to: Date, limit = DEFAULT_ALERT_LIST_LIMIT): Promise<SentimentAlert[]> {
    const capped = Math.max(0, Math.min(Math.floor(limit), MAX_ALERT_LIST_LIMIT));
    const rows = await this.db.query<AlertRow & Record<string, unknown>>(
      `SELECT id, raised_at, intent, channel_id, negative_share, baseline_share, messages, window_ms, summary
         FROM swb_sentiment_alerts
        WHERE raised_at >= ? AND raised_at < ?
        ORDER BY raised_at DESC, id
        LIMIT ?`,
      [from.toISOString(), to.toISOString(), capped],
    );
    return rows.map(alertOf);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function alertOf(row: AlertRow): SentimentAlert {
  const alert: SentimentAlert = {
    id: row.id,
    raisedAt: row.raised_at,
    negativeShare: Number(row.negative_share),
    baselineShare: Number(row.baseline_share),
    messages: Number(row.messages),
    windowMs: Number(row.window_ms),
    summary: row.summary,
  };
  if (row.intent !== null) alert.intent = row.intent;
  if (row.channel_id !== null) alert.channelId = row.channel_id;
  return alert;
}
