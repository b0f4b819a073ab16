import { MemoryStorage as BotbuilderMemoryStorage, type StoreItems } from 'botbuilder-core';
import { LockFencedError, StorageConflictError } from '../errors';
import { currentWriteFence, type FenceAuthority } from './write-fence';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /** Refuses fenced writes of a holder that lost its lock (the embedded lock service). */
  fences?: FenceAuthority;
}

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
 * - a write made inside `withWriteFence` is refused with `LockFencedError` (`SWB_ERR_LOCK_FENCED`)
 *   unless the writer still holds the lock (`fences`; in memory a lapsed holder is refused even when
 *   nobody took the lock since, which is stricter than Redis and only matters with `autoRenew: false`).
 *
 * @example
 * const storage = new MemoryStorage({ fences: locks });
 * const conversationState = new ConversationState(storage);
 */
export class MemoryStorage extends BotbuilderMemoryStorage {
  readonly #fences: FenceAuthority | undefined;

  constructor(options: MemoryStorageOptions = {}) {
    super();
    this.#fences = options.fences;
  }

  /** Writes every item, or none when one of them conflicts. */
  override write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    const fence = currentWriteFence();
    if (fence && this.#fences && !this.#fences.isCurrentFence(fence)) {
      return Promise.reject(new LockFencedError(fence.resource, fence.token));
    }
    // Checked and written in the same tick (the parent writes synchronously), so no other write
    // can slip between the check and the write.
    const conflict = this.findConflict(changes);
    if (conflict !== undefined) return Promise.reject(new StorageConflictError(conflict));
    return super.write(changes).catch(toConflictError);
  }

  /** The stored keys that start with `prefix` (erasure, retention). */
  async listKeys(prefix: string): Promise<string[]> {
    return Object.keys(this.memory).filter((key) => key.startsWith(prefix));
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
