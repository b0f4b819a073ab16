import type { Migration } from '../../sql/migrations';

/** The migration component of the alert log (`swb_migrations.component`). */
export const ALERTS_COMPONENT = 'alerts';

/**
 * Schema of the alert log. `raised_at` is ISO 8601 UTC text (`toISOString()`, fixed width), which
 * sorts and compares correctly as text on both engines.
 */
export const ALERT_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-sentiment-alerts',
    sql: {
      sqlite: `CREATE TABLE swb_sentiment_alerts (
  id TEXT PRIMARY KEY,
  raised_at TEXT NOT NULL,
  intent TEXT,
  channel_id TEXT,
  negative_share REAL NOT NULL,
  baseline_share REAL NOT NULL,
  messages INTEGER NOT NULL,
  window_ms INTEGER NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX swb_sentiment_alerts_raised_at ON swb_sentiment_alerts (raised_at)`,
      postgres: `CREATE TABLE swb_sentiment_alerts (
  id TEXT PRIMARY KEY,
  raised_at TEXT NOT NULL,
  intent TEXT,
  channel_id TEXT,
  negative_share DOUBLE PRECISION NOT NULL,
  baseline_share DOUBLE PRECISION NOT NULL,
  messages INTEGER NOT NULL,
  window_ms BIGINT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX swb_sentiment_alerts_raised_at ON swb_sentiment_alerts (raised_at)`,
    },
  },
];
