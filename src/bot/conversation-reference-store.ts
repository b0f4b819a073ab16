import type { ConversationReference, Storage } from 'botbuilder-core';
import { UnknownConversationError } from '../errors';

/** A stored reference plus who it belongs to, for proactive messages and erasure. */
export interface StoredConversationReference {
  reference: Partial<ConversationReference>;
  /** The customer's user id on that channel. */
  userId: string | undefined;
  updatedAt: string;
}

/** Conversations whose last written reference this process remembers (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/**
 * Keeps each conversation's `ConversationReference` in the shared `Storage`, so any process can
 * reach the customer later (agent replies, queue-position updates) with `continueConversation`.
 *
 * The stored reference leaves out `activityId`: a proactive message answers no particular
 * activity, and without it the reference of a conversation stays the same from turn to turn, so
 * it is written once instead of on every message.
 */
export class ConversationReferenceStore {
  /** Last reference written per conversation by this process, to skip unchanged writes. */
  private readonly written = new Map<string, string>();

  constructor(private readonly storage: Storage) {}

  /** Saves the reference when it changed since this process last wrote it. */
  async save(reference: Partial<ConversationReference>): Promise<void> {
    const { activityId: _activityId, ...stable } = reference;
    const key = referenceKey(stable.channelId, stable.conversation?.id);
    const serialized = JSON.stringify(stable);
    if (this.written.get(key) === serialized) return;
    const item: StoredConversationReference = {
      reference: stable,
      userId: stable.user?.id,
      updatedAt: new Date().toISOString(),
    };
    await this.storage.write({ [key]: { ...item, eTag: '*' } });
    this.remember(key, serialized);
  }

  /** The stored reference, or `UnknownConversationError`. */
  async get(channelId: string, conversationId: string): Promise<Partial<ConversationReference>> {
    const key = referenceKey(channelId, conversationId);
    const items = await this.storage.read([key]);
    const item = items[key] as StoredConversationReference | undefined;
    if (!item) throw new UnknownConversationError(conversationId);
    return item.reference;
  }

  private remember(key: string, serialized: string): void {
    this.written.delete(key);
    this.written.set(key, serialized);
    if (this.written.size <= MAX_REMEMBERED) return;
    const oldest = this.written.keys().next();
    if (!oldest.done) this.written.delete(oldest.value);
  }

  /** Forgets a conversation's reference (erasure). */
  async delete(channelId: string, conversationId: string): Promise<void> {
    const key = referenceKey(channelId, conversationId);
    this.written.delete(key);
    await this.storage.delete([key]);
  }
}

function referenceKey(channelId: string | undefined, conversationId: string | undefined): string {
  return `ref/${channelId ?? 'unknown'}/${conversationId ?? 'unknown'}`;
}
