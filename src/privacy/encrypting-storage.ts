import type { Storage, StoreItems } from 'botbuilder-core';
import type { TextCipher } from './customer-data';

/** Options of {@link EncryptingStorage}. */
export interface EncryptingStorageOptions {
  cipher: TextCipher;
  /** Which keys are encrypted; default: every key (conversation and user state, conversation references). */
  encrypts?: (key: string) => boolean;
}

/** The field that holds an encrypted document; botbuilder's `eTag` stays beside it, in clear. */
const SEALED = 'sealed';

/**
 * A botbuilder `Storage` that encrypts each document's JSON before the inner storage sees it, so
 * Redis (or any store) holds `{ sealed: 'enc:v1:…', eTag }` instead of names, phone numbers and
 * dialog slots. Documents written before encryption was turned on are read as they are and
 * encrypted on their next write. Key listing (for erasure) passes through when the inner storage
 * has it.
 *
 * @example
 * const storage = new EncryptingStorage(state.storage, { cipher: new AesGcmCipher(config.privacy.encryptionKeys) });
 * const userState = new UserState(storage);
 */
export class EncryptingStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    private readonly options: EncryptingStorageOptions,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const out: StoreItems = {};
    for (const [key, item] of Object.entries(items)) out[key] = this.open(item);
    return out;
  }

  write(changes: StoreItems): Promise<void> {
    const sealed: StoreItems = {};
    for (const [key, item] of Object.entries(changes ?? {})) {
      sealed[key] = this.encrypts(key) ? this.seal(item) : item;
    }
    return this.inner.write(sealed);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  /** The stored keys starting with `prefix`, when the inner storage can list them. */
  listKeys(prefix: string): Promise<string[]> {
    const inner = this.inner as Partial<{ listKeys(prefix: string): Promise<string[]> }>;
    if (!inner.listKeys) return Promise.reject(new TypeError('The inner storage cannot list keys.'));
    return inner.listKeys(prefix);
  }

  private encrypts(key: string): boolean {
    return this.options.encrypts?.(key) ?? true;
  }

  private seal(item: unknown): Record<string, unknown> {
    const { eTag, ...document } = (item ?? {}) as { eTag?: string };
    const sealed: Record<string, unknown> = {
      [SEALED]: this.options.cipher.encrypt(JSON.stringify(document)),
    };
    if (eTag !== undefined) sealed['eTag'] = eTag;
    return sealed;
  }

  private open(item: unknown): unknown {
    const stored = item as { sealed?: unknown; eTag?: string } | undefined;
    if (typeof stored?.sealed !== 'string') return item;
    const document = JSON.parse(this.options.cipher.decrypt(stored.sealed)) as Record<string, unknown>;
    return stored.eTag === undefined ? document : { ...document, eTag: stored.eTag };
  }
}
