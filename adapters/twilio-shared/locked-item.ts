import { createHash } from 'node:crypto';
import type { LockService, Storage } from '../../src/state/ports';

/** Updates of one small item wait at most this long for each other (they take microseconds). */
const ITEM_LOCK_WAIT_MS = 5_000;
/** An update holds the lock for one read and one write; this bounds a crashed holder. */
const ITEM_LOCK_TTL_MS = 10_000;
/** 128 bits of the key's hash name its lock: unique in practice, no PII. */
const LOCK_NAME_HEX_CHARS = 32;

/**
 * One JSON item in `Storage` whose read-modify-write updates are serialized by a lock on its key,
 * so two processes recording the same phone number's consent (or one message's statuses, which
 * Twilio may post concurrently) never lose each other's change, including when the item is new
 * (a storage eTag cannot guard a create).
 */
export class LockedItem<T extends object> {
  constructor(
    private readonly storage: Storage,
    private readonly locks: LockService,
    readonly key: string,
  ) {}

  /** The stored value, or undefined. */
  async get(): Promise<T | undefined> {
    const items = await this.storage.read([this.key]);
    const item = items[this.key] as (T & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...value } = item;
    return value as T;
  }

  /** Applies `change` to the current value under the item's lock and stores the result. */
  async update(change: (current: T | undefined) => T): Promise<T> {
    // Keys can hold phone numbers; lock names show up in error messages, so they are hashed.
    const resource = `item:${createHash('sha256').update(this.key).digest('hex').slice(0, LOCK_NAME_HEX_CHARS)}`;
    const lock = await this.locks.acquire(resource, {
      waitMs: ITEM_LOCK_WAIT_MS,
      ttlMs: ITEM_LOCK_TTL_MS,
    });
    try {
      const next = change(await this.get());
      await lock.assertHeld();
      await this.storage.write({ [this.key]: { ...next, eTag: '*' } });
      return next;
    } finally {
      await lock.release();
    }
  }

  /** Deletes the item (erasure). */
  async delete(): Promise<void> {
    await this.storage.delete([this.key]);
  }
}
