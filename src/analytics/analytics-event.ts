/**
 * The analytics events Switchboard records: one flat shape for every kind, so that one table and
 * one batch insert hold them all. Fields a kind does not use stay undefined (NULL in SQL).
 */

/** What happened. */
export type AnalyticsEventType =
  /** A customer message (with its intent, confidence, out-of-scope flag and sentiment). */
  | 'message_in'
  /** A message the bot or an agent sent (counted in the daily rollup; no raw row is kept). */
  | 'message_out'
  | 'faq_answered'
  | 'faq_unanswered'
  /** The customer's answer to "did that help?" (`helpful`). */
  | 'faq_feedback'
  | 'form_started'
  | 'form_completed'
  | 'form_abandoned'
  /** A handoff was opened (`reason`, `skill`). */
  | 'escalated'
  /** An agent took the conversation (`durationMs`: the customer's wait). */
  | 'picked'
  /** An agent resolved it (`durationMs`: handle time, from pick to resolve). */
  | 'resolved'
  /** The customer's 1–5 rating after a handoff (`csat`). */
  | 'csat'
  /** The customer was identified as `customerId` (links their identities across channels). */
  | 'identified';

/** Every event type, for validation and docs. */
export const ANALYTICS_EVENT_TYPES: readonly AnalyticsEventType[] = [
  'message_in',
  'message_out',
  'faq_answered',
  'faq_unanswered',
  'faq_feedback',
  'form_started',
  'form_completed',
  'form_abandoned',
  'escalated',
  'picked',
  'resolved',
  'csat',
  'identified',
];

/** One analytics event as recorded. Never holds message text (that goes to the transcript). */
export interface AnalyticsEvent {
  type: AnalyticsEventType;
  /** When it happened (ISO 8601, UTC). */
  at: string;
  channelId: string;
  conversationId: string;
  /** The customer's id on the channel, for erasure and the customer profile. */
  userId?: string;
  intent?: string;
  /** NLU confidence of `intent`, 0–1. */
  confidence?: number;
  outOfScope?: boolean;
  /** Sentiment of a customer message, score in [-1, 1]. */
  sentimentScore?: number;
  sentimentLabel?: 'negative' | 'neutral' | 'positive';
  /** Escalation reason. */
  reason?: string;
  /** Handoff skill queue. */
  skill?: string;
  /** Form (dialog id) of a form event. */
  form?: string;
  /** "Did that help?" answer. */
  helpful?: boolean;
  /** CSAT score 1–5. */
  csat?: number;
  /** Wait (picked) or handle time (resolved), ms. */
  durationMs?: number;
  /** The customer's id in the business's systems (`identified`). */
  customerId?: string;
  /** The customer's first name (`identified`): a profile field, encrypted when a cipher is set. */
  customerName?: string;
}

/** The UTC day (`YYYY-MM-DD`) of an ISO timestamp: the dashboard's bucket. */
export function dayOf(at: string): string {
  return new Date(at).toISOString().slice(0, 10);
}
