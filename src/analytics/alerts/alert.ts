/**
 * The shapes shared by the sentiment scorer, the surge detector and the analytics store, so that
 * each can be built and tested on its own.
 */

/** A sentiment label, as stored with each customer message. */
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** The sentiment of one message: `score` in [-1, 1], negative below zero. */
export interface Sentiment {
  score: number;
  label: SentimentLabel;
}

/** Scores one customer message; `locale` (BCP-47) picks the language where the scorer has several. */
export type SentimentScorer = (text: string, locale?: string) => Sentiment;

/** A raised alert: a surge of negative sentiment in one slice of traffic. */
export interface SentimentAlert {
  id: string;
  /** When the alert was raised (ISO 8601). */
  raisedAt: string;
  /** The slice: `intent` and/or `channel` (both absent: all traffic). */
  intent?: string;
  channelId?: string;
  /** Share of negative messages in the window, 0–1. */
  negativeShare: number;
  /** The slice's usual share, 0–1, the alert compares against. */
  baselineShare: number;
  /** Customer messages in the window. */
  messages: number;
  windowMs: number;
  /** Human-readable summary for Slack and the dashboard. */
  summary: string;
}

/** Where raised alerts are kept for the dashboard. */
export interface AlertLog {
  record(alert: SentimentAlert): Promise<void>;
  /** Alerts raised in [from, to), newest first. */
  list(from: Date, to: Date, limit?: number): Promise<SentimentAlert[]>;
}
