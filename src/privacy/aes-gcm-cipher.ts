import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, EncryptionKeyError } from '../errors';
import type { TextCipher } from './customer-data';

/** One configured key: an id stored with every value it encrypts, and 32 bytes in base64. */
export interface EncryptionKeyConfig {
  id: string;
  /** 32 random bytes, base64 (`openssl rand -base64 32`). */
  key: string;
}

/** AES-256 needs a 32-byte key. */
const KEY_BYTES = 32;
/** 96-bit IVs are what GCM is specified for (NIST SP 800-38D); a fresh random one per value. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'enc:v1:';
/** Key ids go inside the stored value between `:`, so they are kept to a safe alphabet. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * AES-256-GCM encryption of stored text (transcript lines, profile fields, user-state documents).
 * Every value is `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts): the first configured
 * key encrypts, every configured key decrypts, so keys rotate by putting a new key first and
 * re-encrypting with {@link AesGcmCipher.rotate} before the old one is removed. A value that was
 * altered fails with `DecryptionError` (`SWB_ERR_DECRYPTION`); an unknown key id with
 * `EncryptionKeyError` (`SWB_ERR_ENCRYPTION_KEY`).
 *
 * @example
 * const cipher = new AesGcmCipher([{ id: '2026-11', key: process.env.KEY_2026_11! }, { id: '2026-01', key: old }]);
 * const stored = cipher.encrypt('Jane, +1 415 555 2671');
 */
export class AesGcmCipher implements TextCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(keys: readonly EncryptionKeyConfig[]) {
    if (keys.length === 0) throw new EncryptionKeyError('No encryption key is configured.');
    for (const { id, key } of keys) this.keys.set(id, decodeKey(id, key, this.keys));
    this.currentId = (keys[0] as EncryptionKeyConfig).id;
  }

  /** The id of the key that encrypts new values. */
  get currentKeyId(): string {
    return this.currentId;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentId), iv);
    // The key id is authenticated too: moving a value under another id fails the tag check.
    cipher.setAAD(Buffer.from(this.currentId));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return `${PREFIX}${this.currentId}:${parts.join(':')}`;
  }

  decrypt(stored: string): string {
    const { keyId, iv, tag, body } = parse(stored);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), iv);
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      if (error instanceof EncryptionKeyError) throw error;
      throw new DecryptionError(keyId, { cause: error });
    }
  }

  /** True when `stored` looks like a value this cipher format produced (any key). */
  isEncrypted(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** The id of the key a stored value was encrypted with. */
  keyIdOf(stored: string): string {
    return parse(stored).keyId;
  }

  /** `stored` re-encrypted under the current key (unchanged when it already is). */
  rotate(stored: string): string {
    return this.keyIdOf(stored) === this.currentId ? stored : this.encrypt(this.decrypt(stored));
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key)
      throw new EncryptionKeyError(`A stored value was encrypted with key "${id}", which is not configured.`);
    return key;
  }
}

function decodeKey(id: string, base64: string, seen: Map<string, Buffer>): Buffer {
  if (!KEY_ID.test(id))
    throw new EncryptionKeyError(`Encryption key id "${id}" must be 1–32 letters, digits, "_" or "-".`);
  if (seen.has(id)) throw new EncryptionKeyError(`Encryption key id "${id}" is listed twice.`);
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64.trim()) {
    throw new EncryptionKeyError(`Encryption key "${id}" is not ${KEY_BYTES} bytes of base64.`);
  }
  return key;
}

function parse(stored: string): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } {
  const parts = stored.startsWith(PREFIX) ? stored.slice(PREFIX.length).split(':') : [];
  const [keyId, iv, tag, body] = parts;
  if (parts.length !== 4 || !keyId || !iv || !tag || body === undefined) {
    throw new DecryptionError(keyId && KEY_ID.test(keyId) ? keyId : '(none)');
  }
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    body: Buffer.from(body, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) throw new DecryptionError(keyId);
  return decoded;
}
