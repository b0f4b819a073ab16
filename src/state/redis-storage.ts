import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import { z } from 'zod';
import { StorageConflictError } from '../errors';
import { LuaScript } from './lua-script';
import { durationMsSchema, parseOptions } from './parse-options';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';

/**
 * All-or-nothing compare-and-set of a batch. KEYS: the items' keys. ARGV[1]: ttl in ms (0: none),
 * then per key: expected eTag ('' = unconditional), new eTag, JSON value.
 * Returns 0 when written, else the 1-based index of the first conflicting key (nothing written).
 * A key that is not stored accepts any expected eTag, as botbuilder's MemoryStorage does.
 */
const WRITE_SCRIPT = new LuaScript(`
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS do
  local expected = ARGV[2 + (i - 1) * 3]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if current and current ~= expected then return i end
  end
end
for i = 1, #KEYS do
  local at = 2 + (i - 1) * 3
  redis.call('DEL', KEYS[i])
  redis.call('HSET', KEYS[i], 'e', ARGV[at + 1], 'v', ARGV[at + 2])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 0
`);

/** Options of {@link RedisStorage}. */
export interface RedisStorageOptions extends RedisServiceOptions {
  /** Items expire this long after their last write; default: never. */
  ttlMs?: number;
}

const optionsSchema = z.strictObject({ ...redisServiceOptionsShape, ttlMs: durationMsSchema.optional() });

/**
 * botbuilder `Storage` on Redis, for conversation and user state shared by many processes.
 *
 * Each item is a hash `<prefix>storage:<key>` holding its JSON (`v`) and its eTag (`e`, a random
 * UUID generated on every write). A write carrying an eTag other than `'*'` is a compare-and-set
 * done in one Lua script; a batch is all-or-nothing: when any item conflicts nothing is written
 * and the write rejects with `StorageConflictError` (`SWB_ERR_STORAGE_CONFLICT`).
 *
 * @example
 * const storage = new RedisStorage({ redis, keyPrefix: 'swb:', ttlMs: 30 * 24 * 3600_000 });
 */
export class RedisStorage implements Storage {
  readonly #options: ReturnType<typeof parseRedisStorageOptions>;

  constructor(options: RedisStorageOptions) {
    this.#options = parseRedisStorageOptions(options);
  }

  /** Reads the stored items; missing keys are absent from the result. */
  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const pipeline = this.#options.redis.pipeline();
    for (const key of keys) pipeline.hmget(this.#key(key), 'e', 'v');
    const replies = (await pipeline.exec()) ?? [];
    const items: StoreItems = {};
    keys.forEach((key, index) => {
      const [error, reply] = replies[index] ?? [];
      if (error) throw error;
      const [eTag, json] = reply as [string | null, string | null];
      if (eTag !== null && json !== null) items[key] = { ...JSON.parse(json), eTag };
    });
    return items;
  }

  /** Writes every item with a fresh eTag, or none when one of them conflicts. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const args: (string | number)[] = [this.#options.ttlMs ?? 0];
    for (const [, item] of entries) args.push(...encodeItem(item));
    const keys = entries.map(([key]) => this.#key(key));
    const conflict = Number(await WRITE_SCRIPT.run(this.#options.redis, keys, args));
    if (conflict > 0) throw new StorageConflictError(entries[conflict - 1]?.[0] ?? '(unknown)');
  }

  /** Deletes the items; missing keys are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.#options.redis.unlink(...keys.map((key) => this.#key(key)));
  }

  #key(key: string): string {
    return `${this.#options.keyPrefix}storage:${key}`;
  }
}

function parseRedisStorageOptions(options: RedisStorageOptions) {
  return parseOptions(optionsSchema, options, 'RedisStorage');
}

/** [expected eTag or '', new eTag, JSON without the eTag] for the write script. */
function encodeItem(item: unknown): [string, string, string] {
  const { eTag, ...value } = (item ?? {}) as { eTag?: unknown };
  // Same rule as botbuilder: a falsy eTag or '*' writes unconditionally.
  const expected = eTag && eTag !== '*' ? String(eTag) : '';
  return [expected, randomUUID(), JSON.stringify(value)];
}
