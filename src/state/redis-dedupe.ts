import { z } from 'zod';
import { ShuttingDownError } from '../errors';
import { checkClaimTtl } from './dedupe-ttl';
import { parseOptions } from './parse-options';
import type { DedupeStore } from './ports';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';

/** Options of {@link RedisDedupeStore}. */
export type RedisDedupeStoreOptions = RedisServiceOptions;

const optionsSchema = z.strictObject(redisServiceOptionsShape);

/**
 * `DedupeStore` on Redis: `claim` is `SET <prefix>dedupe:<key> 1 NX PX ttl` (atomic, so exactly one
 * of concurrent claims wins, across processes), `forget` is `UNLINK`.
 *
 * @example
 * const dedupe = new RedisDedupeStore({ redis, keyPrefix: 'swb:' });
 */
export class RedisDedupeStore implements DedupeStore {
  readonly #options: Readonly<z.output<typeof optionsSchema>>;
  #closing: Promise<void> | undefined;

  constructor(options: RedisDedupeStoreOptions) {
    this.#options = parseOptions(optionsSchema, options, 'RedisDedupeStore');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    this.#assertOpen();
    checkClaimTtl(ttlMs);
    return (await this.#options.redis.set(this.#key(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async forget(key: string): Promise<void> {
    this.#assertOpen();
    await this.#options.redis.unlink(this.#key(key));
  }

  /** `SET … PX ttl`: the processing lease becomes the full window (or the key is claimed again). */
  async confirm(key: string, ttlMs: number): Promise<void> {
    this.#assertOpen();
    checkClaimTtl(ttlMs);
    await this.#options.redis.set(this.#key(key), '1', 'PX', ttlMs);
  }

  /** Marks the store closed; the connection is the caller's to quit. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.resolve();
    return this.#closing;
  }

  #key(key: string): string {
    return `${this.#options.keyPrefix}dedupe:${key}`;
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
