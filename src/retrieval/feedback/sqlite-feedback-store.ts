/**
 * FAQ feedback in a SQLite file (better-sqlite3), the embedded default that survives restarts.
 * Tables are created when missing; texts are redacted before they are written.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { redactPii } from '../../privacy/redact';
import {
  type FeedbackStore,
  type HelpfulFeedback,
  type HelpfulnessSummary,
  type ListOptions,
  limitOf,
  prepareUnanswered,
  type UnansweredQuestion,
  type UnansweredSummary,
} from './feedback-store';

/** Where the embedded default keeps its SQLite data. */
export const DEFAULT_SQLITE_PATH = '.data/switchboard.sqlite';

/** Options of {@link SqliteFeedbackStore}. */
export interface SqliteFeedbackStoreOptions {
  /** Database file (created with its folder when missing). Default {@link DEFAULT_SQLITE_PATH}. */
  path?: string;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS faq_unanswered (
  id INTEGER PRIMARY KEY,
  question_key TEXT NOT NULL,
  text TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS faq_unanswered_by_key ON faq_unanswered (question_key);
CREATE TABLE IF NOT EXISTS faq_feedback (
  id INTEGER PRIMARY KEY,
  entry_id TEXT NOT NULL,
  helpful INTEGER NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS faq_feedback_by_entry ON faq_feedback (entry_id);
`;

const LIST_UNANSWERED = `
SELECT
  (SELECT latest.text FROM faq_unanswered latest
    WHERE latest.question_key = f.question_key ORDER BY latest.id DESC LIMIT 1) AS text,
  COUNT(*) AS count,
  MIN(created_at) AS firstSeenAt,
  MAX(created_at) AS lastSeenAt,
  GROUP_CONCAT(DISTINCT channel) AS channels
FROM faq_unanswered f
GROUP BY question_key
ORDER BY count DESC, lastSeenAt DESC
LIMIT ?`;

const LIST_HELPFULNESS = `
SELECT entry_id AS entryId, SUM(helpful) AS helpful, SUM(1 - helpful) AS notHelpful
FROM faq_feedback
GROUP BY entry_id
ORDER BY notHelpful DESC, entryId ASC
LIMIT ?`;

/** SQLite {@link FeedbackStore}. */
export class SqliteFeedbackStore implements FeedbackStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private closed = false;

  constructor(options: SqliteFeedbackStoreOptions = {}) {
    const path = options.path ?? DEFAULT_SQLITE_PATH;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
  }

  async recordHelpful(feedback: HelpfulFeedback): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO faq_feedback (entry_id, helpful, channel, conversation_id, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        feedback.entryId,
        feedback.helpful ? 1 : 0,
        feedback.channel,
        redactPii(feedback.conversationId),
        this.stamp(),
      );
  }

  async recordUnanswered(question: UnansweredQuestion): Promise<void> {
    const record = prepareUnanswered(question);
    if (!record) return;
    this.db
      .prepare(
        'INSERT INTO faq_unanswered (question_key, text, channel, conversation_id, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(record.key, record.text, record.channel, record.conversationId, this.stamp());
  }

  async listUnanswered(options?: ListOptions): Promise<UnansweredSummary[]> {
    const rows = this.db.prepare(LIST_UNANSWERED).all(limitOf(options)) as (Omit<
      UnansweredSummary,
      'channels'
    > & {
      channels: string;
    })[];
    return rows.map((row) => ({ ...row, channels: row.channels.split(',').sort() }));
  }

  async listHelpfulness(options?: ListOptions): Promise<HelpfulnessSummary[]> {
    return this.db.prepare(LIST_HELPFULNESS).all(limitOf(options)) as HelpfulnessSummary[];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}
