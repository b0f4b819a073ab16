import type { Migration } from '../sql/migrations';

/** The `migrate` component name of the analytics tables. */
export const ANALYTICS_COMPONENT = 'analytics';

const EVENT_COLUMNS = `
  day TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  user_id TEXT,
  intent TEXT,
  confidence REAL,
  out_of_scope INTEGER,
  sentiment_score REAL,
  sentiment_label TEXT,
  reason TEXT,
  skill TEXT,
  form TEXT,
  helpful INTEGER,
  csat INTEGER,
  duration_ms BIGINT,
  customer_id TEXT,
  customer_name TEXT`;

const TRANSCRIPT_COLUMNS = `
  day TEXT NOT NULL,
  at TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  user_id TEXT`;

/**
 * Indexes chosen for the queries that run on raw events (the dashboard reads the rollups):
 * retention by `day`; erasure and the customer profile by identity and by conversation;
 * identified customers by id (partial: only `identified` events carry one). Few and narrow,
 * because every event pays for each index when it is written.
 */
const INDEXES = `
CREATE INDEX analytics_events_by_day ON analytics_events (day);
CREATE INDEX analytics_events_by_user ON analytics_events (channel_id, user_id);
CREATE INDEX analytics_events_by_conversation ON analytics_events (conversation_id);
CREATE INDEX analytics_events_by_customer ON analytics_events (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX analytics_transcripts_by_conversation ON analytics_transcripts (conversation_id, id);
CREATE INDEX analytics_transcripts_by_user ON analytics_transcripts (channel_id, user_id);
CREATE INDEX analytics_transcripts_by_day ON analytics_transcripts (day)`;

const COUNTER_COLUMNS = [
  'conversations',
  'escalated_conversations',
  'messages_in',
  'out_of_scope',
  'faq_answered',
  'faq_unanswered',
  'helped_yes',
  'helped_no',
  'forms_started',
  'forms_completed',
  'forms_abandoned',
  'escalations',
  'picked',
  'wait_ms_total',
  'resolved',
  'handle_ms_total',
  'csat_count',
  'csat_total',
  'sentiment_scored',
  'negative_messages',
]
  .map((c) => `  ${c} BIGINT NOT NULL DEFAULT 0`)
  .join(',\n');

/**
 * Daily rollups: the dashboard reads these, never the raw events, so its queries stay fast over
 * millions of events. `intent` is '' for events without one and '*' for the day-and-channel rows
 * that count distinct conversations across intents. The keys say which conversations were
 * already counted (once per day, channel and intent).
 */
const ROLLUPS = `
CREATE TABLE analytics_daily (
  day TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  intent TEXT NOT NULL,
${COUNTER_COLUMNS},
  PRIMARY KEY (day, channel_id, intent)
);
CREATE TABLE analytics_conversation_keys (
  day TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  intent TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  has_message INTEGER NOT NULL,
  escalated INTEGER NOT NULL,
  PRIMARY KEY (day, channel_id, intent, conversation_id)
);
CREATE INDEX analytics_conversation_keys_by_conversation ON analytics_conversation_keys (conversation_id);
CREATE TABLE analytics_daily_reasons (
  day TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  intent TEXT NOT NULL,
  reason TEXT NOT NULL,
  escalations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, channel_id, intent, reason)
)`;

/** The analytics schema on both engines; append new migrations, never edit these. */
export const ANALYTICS_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-events-and-transcripts',
    sql: {
      sqlite: `
CREATE TABLE analytics_events (id INTEGER PRIMARY KEY AUTOINCREMENT, ${EVENT_COLUMNS});
CREATE TABLE analytics_transcripts (id INTEGER PRIMARY KEY AUTOINCREMENT, ${TRANSCRIPT_COLUMNS});
${INDEXES}`,
      postgres: `
CREATE TABLE analytics_events (id BIGSERIAL PRIMARY KEY, ${EVENT_COLUMNS.replaceAll('REAL', 'DOUBLE PRECISION')});
CREATE TABLE analytics_transcripts (id BIGSERIAL PRIMARY KEY, ${TRANSCRIPT_COLUMNS});
${INDEXES}`,
    },
  },
  { id: '002-daily-rollups', sql: { sqlite: ROLLUPS, postgres: ROLLUPS } },
  {
    // Messages sent are only counted (no raw row): nothing reads them one by one.
    id: '003-messages-out',
    sql: {
      sqlite: 'ALTER TABLE analytics_daily ADD COLUMN messages_out BIGINT NOT NULL DEFAULT 0',
      postgres: 'ALTER TABLE analytics_daily ADD COLUMN messages_out BIGINT NOT NULL DEFAULT 0',
    },
  },
];
