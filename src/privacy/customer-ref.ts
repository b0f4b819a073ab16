import { createHash } from 'node:crypto';
import { CustomerRefError } from '../errors';
import type { CustomerIdentity, CustomerRef } from './customer-data';

/**
 * Parses `<channelId>:<userId>` (the CLI's `--id`, the admin API's `ids`). The user id may itself
 * contain `:`; only the first one separates.
 *
 * @example parseIdentity('sms:+15551234567') // { channelId: 'sms', userId: '+15551234567' }
 */
export function parseIdentity(text: string): CustomerIdentity {
  const at = text.indexOf(':');
  const channelId = text.slice(0, at).trim();
  const userId = text.slice(at + 1).trim();
  if (at <= 0 || !channelId || !userId) throw new CustomerRefError(`"${text}" is not an identity.`);
  return { channelId, userId };
}

/** A customer from one or more `<channelId>:<userId>` identities. */
export function customerFromIds(
  ids: readonly string[],
  conversationIds: readonly string[] = [],
): CustomerRef {
  if (ids.length === 0) throw new CustomerRefError('No customer was named.');
  const ref: CustomerRef = { identities: ids.map(parseIdentity) };
  if (conversationIds.length > 0) ref.conversationIds = [...conversationIds];
  return ref;
}

/**
 * A stable, non-reversible name of a customer for the audit log: SHA-256 of the sorted identities,
 * so the log can show that the same customer was exported then erased without keeping who they were.
 */
export function hashCustomerRef(customer: CustomerRef): string {
  const ids = customer.identities.map((i) => `${i.channelId}:${i.userId}`).sort();
  return `customer:${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32)}`;
}
