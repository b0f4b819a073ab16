import type { CustomerRef } from '../privacy/customer-data';
import type { SqlValue } from '../sql/sql-database';

/** A SQL condition with its parameters. */
export interface SqlCondition {
  sql: string;
  params: SqlValue[];
}

/**
 * The rows of a customer in a table with `channel_id`, `user_id` and `conversation_id` columns:
 * any of their identities, or any conversation already known to be theirs. Matches nothing for an
 * empty reference (never everything).
 */
export function customerCondition(customer: CustomerRef): SqlCondition {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const identity of customer.identities) {
    parts.push('(channel_id = ? AND user_id = ?)');
    params.push(identity.channelId, identity.userId);
  }
  const conversations = customer.conversationIds ?? [];
  if (conversations.length > 0) {
    parts.push(`conversation_id IN (${conversations.map(() => '?').join(', ')})`);
    params.push(...conversations);
  }
  return parts.length > 0 ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '1 = 0', params: [] };
}
