/**
 * The write side of the daily rollups the dashboard reads: per day × channel × intent, the
 * additive counters of the metrics, and distinct conversations counted once per day and channel
 * (and once per intent) through the conversation keys. Updated in the transaction that inserts
 * the events, so the rollups always agree with the events written.
 */
import type { SqlDatabase, SqlValue } from '../sql/sql-database';
import { type AnalyticsEvent, dayOf } from './analytics-event';

/** The intent of rollup rows that count a day and channel as a whole (conversations only). */
export const ALL_INTENTS = '*';
/** The stored intent of events without one (primary keys cannot hold NULL). */
export const NO_INTENT = '';

/** The additive counters of `analytics_daily`, by the column they are kept in. */
export const ROLLUP_COUNTERS = [
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
  'messages_out',
] as const;

type Counter = (typeof ROLLUP_COUNTERS)[number] | 'conversations' | 'escalated_conversations';
type Deltas = Partial<Record<Counter, number>>;

/** What one event adds to its rollup row. */
function deltasOf(e: AnalyticsEvent): Deltas {
  switch (e.type) {
    case 'message_in':
      return {
        messages_in: 1,
        out_of_scope: e.outOfScope ? 1 : 0,
        sentiment_scored: e.sentimentLabel ? 1 : 0,
        negative_messages: e.sentimentLabel === 'negative' ? 1 : 0,
      };
    case 'message_out':
      return { messages_out: 1 };
    case 'faq_answered':
      return { faq_answered: 1 };
    case 'faq_unanswered':
      return { faq_unanswered: 1 };
    case 'faq_feedback':
      return e.helpful === undefined ? {} : e.helpful ? { helped_yes: 1 } : { helped_no: 1 };
    case 'form_started':
      return { forms_started: 1 };
    case 'form_completed':
      return { forms_completed: 1 };
    case 'form_abandoned':
      return { forms_abandoned: 1 };
    case 'escalated':
      return { escalations: 1 };
    case 'picked':
      return { picked: 1, wait_ms_total: Math.round(e.durationMs ?? 0) };
    case 'resolved':
      return { resolved: 1, handle_ms_total: Math.round(e.durationMs ?? 0) };
    case 'csat':
      return e.csat === undefined ? {} : { csat_count: 1, csat_total: e.csat };
    default:
      return {};
  }
}

/** Groups keyed `day \0 channel \0 intent`, in a stable order (consistent lock order on PostgreSQL). */
class GroupDeltas {
  readonly groups = new Map<string, Deltas>();

  add(day: string, channelId: string, intent: string, deltas: Deltas): void {
    const key = [day, channelId, intent].join('\u0000');
    const current = this.groups.get(key) ?? {};
    for (const [name, value] of Object.entries(deltas) as Array<[Counter, number]>) {
      current[name] = (current[name] ?? 0) + value;
    }
    this.groups.set(key, current);
  }

  sorted(): Array<[string[], Deltas]> {
    return [...this.groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, d]) => [k.split('\u0000'), d]);
  }
}

const KEY_ROWS_PER_STATEMENT = 500;
const ROLLUP_ROWS_PER_STATEMENT = 150;

/**
 * Marks conversation keys (`has_message` or `escalated`) and returns the groups whose key was
 * newly marked: a conversation counts once per day, channel and intent however many messages it has.
 */
async function markKeys(
  tx: SqlDatabase,
  keys: string[][],
  flag: 'has_message' | 'escalated',
): Promise<Array<[string, string, string]>> {
  const marked: Array<[string, string, string]> = [];
  const sorted = [...new Set(keys.map((k) => k.join('\u0000')))].sort().map((k) => k.split('\u0000'));
  for (let i = 0; i < sorted.length; i += KEY_ROWS_PER_STATEMENT) {
    const chunk = sorted.slice(i, i + KEY_ROWS_PER_STATEMENT);
    const values = chunk.flatMap(([day, channel, intent, conversation]) => [
      day as string,
      channel as string,
      intent as string,
      conversation as string,
      flag === 'has_message' ? 1 : 0,
      flag === 'escalated' ? 1 : 0,
    ]);
    const rows = await tx.query(
      `INSERT INTO analytics_conversation_keys (day, channel_id, intent, conversation_id, has_message, escalated)
VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
ON CONFLICT (day, channel_id, intent, conversation_id) DO UPDATE SET ${flag} = 1
WHERE analytics_conversation_keys.${flag} = 0
RETURNING day, channel_id, intent`,
      values,
    );
    for (const r of rows) marked.push([String(r['day']), String(r['channel_id']), String(r['intent'])]);
  }
  return marked;
}

async function upsertRollups(tx: SqlDatabase, groups: Array<[string[], Deltas]>): Promise<void> {
  const counters: Counter[] = ['conversations', 'escalated_conversations', ...ROLLUP_COUNTERS];
  const columns = ['day', 'channel_id', 'intent', ...counters];
  const updates = counters.map((c) => `${c} = analytics_daily.${c} + excluded.${c}`).join(', ');
  for (let i = 0; i < groups.length; i += ROLLUP_ROWS_PER_STATEMENT) {
    const chunk = groups.slice(i, i + ROLLUP_ROWS_PER_STATEMENT);
    const row = `(${columns.map(() => '?').join(', ')})`;
    const values: SqlValue[] = chunk.flatMap(([key, deltas]) => [
      ...key,
      ...counters.map((c) => deltas[c] ?? 0),
    ]);
    await tx.execute(
      `INSERT INTO analytics_daily (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}
ON CONFLICT (day, channel_id, intent) DO UPDATE SET ${updates}`,
      values,
    );
  }
}

async function upsertReasons(tx: SqlDatabase, events: readonly AnalyticsEvent[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'escalated') continue;
    const key = [dayOf(e.at), e.channelId, e.intent ?? NO_INTENT, e.reason ?? 'unknown'].join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  for (let i = 0; i < rows.length; i += ROLLUP_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROLLUP_ROWS_PER_STATEMENT);
    await tx.execute(
      `INSERT INTO analytics_daily_reasons (day, channel_id, intent, reason, escalations)
VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
ON CONFLICT (day, channel_id, intent, reason) DO UPDATE SET escalations = analytics_daily_reasons.escalations + excluded.escalations`,
      chunk.flatMap(([key, n]) => [...key.split('\u0000'), n]),
    );
  }
}

/** Adds a batch of events to the daily rollups, inside the caller's transaction. */
export async function rollUp(tx: SqlDatabase, events: readonly AnalyticsEvent[]): Promise<void> {
  await upsertReasons(tx, events);
  const groups = new GroupDeltas();
  const messageKeys: string[][] = [];
  const escalationKeys: string[][] = [];
  for (const e of events) {
    const day = dayOf(e.at);
    const intent = e.intent ?? NO_INTENT;
    groups.add(day, e.channelId, intent, deltasOf(e));
    const keys = e.type === 'message_in' ? messageKeys : e.type === 'escalated' ? escalationKeys : undefined;
    keys?.push(
      [day, e.channelId, intent, e.conversationId],
      [day, e.channelId, ALL_INTENTS, e.conversationId],
    );
  }
  for (const [day, channel, intent] of await markKeys(tx, messageKeys, 'has_message'))
    groups.add(day, channel, intent, { conversations: 1 });
  for (const [day, channel, intent] of await markKeys(tx, escalationKeys, 'escalated'))
    groups.add(day, channel, intent, { escalated_conversations: 1 });
  await upsertRollups(tx, groups.sorted());
}
