import type { Storage } from 'botbuilder-core';
import type { ReplyLog } from '../../state/ports';
import type { CustomerDataExport, CustomerDataSource, CustomerRef } from '../customer-data';

/** A `Storage` that can list its keys (`MemoryStorage`, `RedisStorage`, `EncryptingStorage`). */
export interface KeyListingStorage extends Storage {
  listKeys(prefix: string): Promise<string[]>;
}

/** Options of {@link BotStateDataSource}. */
export interface BotStateDataSourceOptions {
  storage: KeyListingStorage;
  /** The web chat reply log, which holds the bot's messages per conversation. */
  replies?: Pick<ReplyLog, 'readAfter' | 'delete'>;
}

/** Records stored per conversation under `<kind>/<channel>/<conversation>` (exact keys). */
const PER_CONVERSATION_RECORDS = ['ref', 'handoff/csat', 'handoff/followup'] as const;

/** Replies exported per conversation at most (the log itself is bounded). */
const MAX_REPLIES_EXPORTED = 10_000;

/**
 * The customer's data in the bot's `Storage`: conversation references (`ref/<channel>/<conversation>`,
 * which say whose each conversation is), CSAT ratings and callback/ticket requests
 * (`handoff/csat|followup/<channel>/<conversation>`), conversation state (`<channel>/conversations/<id>/…`),
 * user state (`<channel>/users/<userId>/…`, the profile), and the web chat reply log.
 */
export class BotStateDataSource implements CustomerDataSource {
  readonly name = 'bot-state';

  constructor(private readonly options: BotStateDataSourceOptions) {}

  /** Conversations whose stored reference names one of the customer's identities. */
  async conversationsOf(customer: CustomerRef): Promise<string[]> {
    const found: string[] = [];
    for (const channelId of channelsOf(customer)) {
      const prefix = `ref/${channelId}/`;
      const keys = await this.options.storage.listKeys(prefix);
      if (keys.length === 0) continue;
      const items = await this.options.storage.read(keys);
      for (const [key, item] of Object.entries(items)) {
        const userId = (item as { userId?: unknown }).userId;
        if (customer.identities.some((i) => i.channelId === channelId && i.userId === userId)) {
          found.push(key.slice(prefix.length));
        }
      }
    }
    return found;
  }

  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    const keys = await this.keysOf(customer);
    const items = keys.length === 0 ? {} : await this.options.storage.read(keys);
    const records: unknown[] = Object.entries(items).map(([key, value]) => ({
      key,
      value: withoutETag(value),
    }));
    for (const conversationId of customer.conversationIds ?? []) {
      const replies = (await this.options.replies?.readAfter(conversationId, 0, MAX_REPLIES_EXPORTED)) ?? [];
      if (replies.length > 0) records.push({ key: `replies/${conversationId}`, value: replies });
    }
    return { source: this.name, records };
  }

  async erase(customer: CustomerRef): Promise<number> {
    const keys = await this.keysOf(customer);
    if (keys.length > 0) await this.options.storage.delete(keys);
    for (const conversationId of customer.conversationIds ?? [])
      await this.options.replies?.delete(conversationId);
    return keys.length;
  }

  /**
   * Every stored key about the customer: their user state, their conversations' state, and the
   * per-conversation records (reference, CSAT ratings, callback and ticket requests).
   */
  private async keysOf(customer: CustomerRef): Promise<string[]> {
    const prefixes = customer.identities.map((i) => `${i.channelId}/users/${i.userId}/`);
    const exact: string[] = [];
    for (const channelId of channelsOf(customer)) {
      for (const conversationId of customer.conversationIds ?? []) {
        prefixes.push(`${channelId}/conversations/${conversationId}/`);
        exact.push(...PER_CONVERSATION_RECORDS.map((kind) => `${kind}/${channelId}/${conversationId}`));
      }
    }
    const keys = new Set<string>();
    for (const prefix of prefixes) {
      for (const key of await this.options.storage.listKeys(prefix)) keys.add(key);
    }
    // Exact keys are read, not scanned: a SCAN walks the whole keyspace, a read is one lookup
    // (and a longer key with the same start would be another conversation's anyway).
    if (exact.length > 0)
      for (const key of Object.keys(await this.options.storage.read(exact))) keys.add(key);
    return [...keys];
  }
}

function channelsOf(customer: CustomerRef): string[] {
  return [...new Set(customer.identities.map((i) => i.channelId))];
}

function withoutETag(value: unknown): unknown {
  const { eTag: _eTag, ...rest } = (value ?? {}) as Record<string, unknown>;
  return rest;
}
