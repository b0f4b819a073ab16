import type { CustomerRef } from '../privacy/customer-data';
import type { SqlDatabase } from '../sql/sql-database';
import type { CustomerConversation } from './analytics-store';
import { customerCondition } from './customer-match';

/** Conversations listed in a customer profile at most: the profile is a summary, not an archive. */
export const MAX_PROFILE_CONVERSATIONS = 50;

/** A customer's conversations on their identities, most recent first, with a summary of each. */
export async function customerConversations(
  db: SqlDatabase,
  customer: CustomerRef,
): Promise<CustomerConversation[]> {
  const where = customerCondition(customer);
  const rows = await db.query(
    `SELECT conversation_id, channel_id, MIN(at) AS first_at, MAX(at) AS last_at,
  SUM(CASE WHEN type = 'message_in' THEN 1 ELSE 0 END) AS messages_in,
  SUM(CASE WHEN type = 'escalated' THEN 1 ELSE 0 END) AS escalations,
  MAX(CASE WHEN type = 'csat' THEN csat END) AS csat
FROM analytics_events WHERE conversation_id IN (SELECT conversation_id FROM analytics_events WHERE ${where.sql})
GROUP BY conversation_id, channel_id ORDER BY last_at DESC LIMIT ${MAX_PROFILE_CONVERSATIONS}`,
    where.params,
  );
  const intents = await intentsOf(
    db,
    rows.map((r) => String(r['conversation_id'])),
  );
  return rows.map((r) => ({
    conversationId: String(r['conversation_id']),
    channelId: String(r['channel_id']),
    firstAt: String(r['first_at']),
    lastAt: String(r['last_at']),
    messagesIn: Number(r['messages_in']),
    intents: intents.get(String(r['conversation_id'])) ?? [],
    escalated: Number(r['escalations']) > 0,
    csat: r['csat'] === null || r['csat'] === undefined ? null : Number(r['csat']),
  }));
}

async function intentsOf(db: SqlDatabase, conversationIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (conversationIds.length === 0) return out;
  const rows = await db.query(
    `SELECT conversation_id, intent FROM analytics_events
WHERE type = 'message_in' AND intent IS NOT NULL AND conversation_id IN (${conversationIds.map(() => '?').join(', ')})
ORDER BY at, id`,
    conversationIds,
  );
  for (const r of rows) {
    const list = out.get(String(r['conversation_id'])) ?? [];
    const intent = String(r['intent']);
    if (!list.includes(intent)) list.push(intent);
    out.set(String(r['conversation_id']), list);
  }
  return out;
}
