import type { ConversationReference, Storage } from 'botbuilder-core';
import { UnknownConversationError } from '../errors';

/** A stored reference plus who it belongs to, for proactive messages and erasure. */
export interface StoredConversationReference {
  reference: Partial<ConversationReference>;
  /** The customer's user id on that channel. */
  userId: string | undefined;
  updatedAt: string;
}

/**
 * Keeps each conversation's `ConversationReference` in the shared `Storage`, so any process can
 * reach the customer later (agent replies, queue-position updates) with `continueConversation`.
 */
export class ConversationReferenceStore {
  /** Last reference written per conversation by this process, to skip unchanged writes. */
  private readonly written = new Map<string, string>();

  constructor(private readonly storage: Storage) {}

  /** Saves the reference when it changed since this process last wrote it. */
  async save(reference: Partial<ConversationReference>): Promise<void> {
    const key = referenceKey(reference.channelId, reference.conversation?.id);
    const serialized = JSON.stringify(reference);
    if (this.written.get(key) === serialized) return;
    const item: StoredConversationReference = {
      reference,
      userId: reference.user?.id,
      updatedAt: new Date().toISOString(),
    };
    await this.storage.write({ [key]: { ...item, eTag: '*' } });
    this.written.set(key, serialized);
  }

  /** The stored reference, or `UnknownConversationError`. */
  async get(channelId: string, conversationId: string): Promise<Partial<ConversationReference>> {
    const key = referenceKey(channelId, conversationId);
    const items = await this.storage.read([key]);
    const item = items[key] as StoredConversationReference | undefined;
    if (!item) throw new UnknownConversationError(conversationId);
    return item.reference;
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
