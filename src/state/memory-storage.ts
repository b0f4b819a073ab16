import { MemoryStorage as BotbuilderMemoryStorage, type StoreItems } from 'botbuilder-core';
import { StorageConflictError } from '../errors';

/** botbuilder's `MemoryStorage` message for an eTag mismatch; the key sits between the quotes. */
const BOTBUILDER_CONFLICT = /^Storage: error writing "(.*)" due to eTag conflict\.$/;

/**
 * The embedded `Storage`: botbuilder's `MemoryStorage` (items are JSON-copied on every read and
 * write, so callers never alias stored objects) with the same contract as `RedisStorage`:
 *
 * - an item written with an eTag other than `'*'` must match the stored eTag, else the write
 *   rejects with `StorageConflictError` (`SWB_ERR_STORAGE_CONFLICT`); an eTag on a key that is not
 *   stored is accepted, as botbuilder does;
 * - a batch is all-or-nothing: when any item conflicts, no item is written (botbuilder's own
 *   class writes the others and rejects with a plain `Error`).
 *
 * @example
 * const storage = new MemoryStorage();
 * const conversationState = new ConversationState(storage);
 */
export class MemoryStorage extends BotbuilderMemoryStorage {
  /** Writes every item, or none when one of them conflicts. */
  override write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    // Checked and written in the same tick (the parent writes synchronously), so no other write
    // can slip between the check and the write.
    const conflict = this.findConflict(changes);
    if (conflict !== undefined) return Promise.reject(new StorageConflictError(conflict));
    return super.write(changes).catch(toConflictError);
  }

  /** The first key whose eTag does not match the stored one, if any. */
  private findConflict(changes: StoreItems): string | undefined {
    for (const [key, item] of Object.entries(changes)) {
      // Same rule as the parent: a falsy eTag or '*' writes unconditionally, as does a missing key.
      const eTag: unknown = item?.eTag;
      const stored = this.memory[key];
      if (!eTag || eTag === '*' || !stored) continue;
      if ((JSON.parse(stored) as { eTag?: unknown }).eTag !== eTag) return key;
    }
    return undefined;
  }
}

function toConflictError(error: unknown): never {
  const key = error instanceof Error ? BOTBUILDER_CONFLICT.exec(error.message)?.[1] : undefined;
  throw key === undefined ? error : new StorageConflictError(key, { cause: error });
}
