import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import { z } from 'zod';
import { LockFencedError, StorageConflictError } from '../errors';
import { LuaScript } from './lua-script';
import { durationMsSchema, parseOptions } from './parse-options';
import { lockKeys } from './redis-lock-scripts';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';
import { currentWriteFence } from './write-fence';

/** What the write script returns when the writer's fencing token is no longer the lock's latest. */
const FENCED_OUT = -1;

/**
 * All-or-nothing compare-and-set of a batch, optionally fenced. KEYS: the items' keys, then (when
 * fenced) the lock's fence key. ARGV[1]: ttl in ms (0: none), ARGV[2]: the writer's fencing token
 * ('' = unfenced), then per item: expected eTag ('' = unconditional), new eTag, JSON value.
 * Returns 0 when written, -1 when fenced out (a newer lock holder exists; nothing written), else the
 * 1-based index of the first conflicting key (nothing written). A key that is not stored accepts any
 * expected eTag, as botbuilder's MemoryStorage does.
 */
const WRITE_SCRIPT = new LuaScript(`
local ttl = tonumber(ARGV[1])
local items = #KEYS
if ARGV[2] ~= '' then
  items = items - 1
  if redis.call('GET', KEYS[#KEYS]) ~= ARGV[2] then return -1 end
end
for i = 1, items do
  local expected = ARGV[3 + (i - 1) * 3]
  if expected ~= '' then
    local current = redis.call('HGET', KEYS[i], 'e')
    if current and current ~= expected then return i end
  end
end
for i = 1, items do
  local at = 3 + (i - 1) * 3
  redis.call('DEL', KEYS[i])
  redis.call('HSET', KEYS[i], 'e', ARGV[at + 1], 'v', ARGV[at + 2])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 0
`);

/** Keys examined per SCAN step of `listKeys`. */
const SCAN_BATCH = 500;

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
 * A write made inside `withWriteFence` (the end-of-turn state save) is also fenced: the same script
 * compares the writer's fencing token with the lock's latest (`<prefix>lock:{resource}:fence`) and
 * refuses with `LockFencedError` (`SWB_ERR_LOCK_FENCED`) when another holder took the lock since.
 * (Fenced writes touch the item keys and the fence key in one script: on Redis Cluster, give the
 * storage keys the conversation's hash tag or run the state on one shard.)
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
    const items: StoreItems = {};
    const keep = (key: string, [eTag, json]: (string | null)[]): void => {
      if (eTag != null && json != null) items[key] = { ...JSON.parse(json), eTag };
    };
    // One key (a turn's state read) is one command; an explicit pipeline costs more than it saves.
    if (keys.length === 1) {
      const key = keys[0] as string;
      keep(key, await this.#options.redis.hmget(this.#key(key), 'e', 'v'));
      return items;
    }
    const pipeline = this.#options.redis.pipeline();
    for (const key of keys) pipeline.hmget(this.#key(key), 'e', 'v');
    const replies = (await pipeline.exec()) ?? [];
    keys.forEach((key, index) => {
      const [error, reply] = replies[index] ?? [];
      if (error) throw error;
      keep(key, reply as (string | null)[]);
    });
    return items;
  }

  /** Writes every item with a fresh eTag, or none when one of them conflicts. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const fence = currentWriteFence();
    const args: (string | number)[] = [this.#options.ttlMs ?? 0, fence ? String(fence.token) : ''];
    for (const [, item] of entries) args.push(...encodeItem(item));
    const keys = entries.map(([key]) => this.#key(key));
    if (fence) keys.push(lockKeys(this.#options.keyPrefix, fence.resource).fence);
    const conflict = Number(await WRITE_SCRIPT.run(this.#options.redis, keys, args));
    if (conflict === FENCED_OUT && fence) throw new LockFencedError(fence.resource, fence.token);
    if (conflict > 0) throw new StorageConflictError(entries[conflict - 1]?.[0] ?? '(unknown)');
  }

  /** Deletes the items; missing keys are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.#options.redis.unlink(...keys.map((key) => this.#key(key)));
  }

  /** The stored keys that start with `prefix` (SCAN, never KEYS); for erasure and retention, not hot paths. */
  async listKeys(prefix: string): Promise<string[]> {
    const base = this.#key('');
    const pattern = `${(base + prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.#options.redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
      cursor = next;
      for (const key of keys) found.add(key.slice(base.length));
    } while (cursor !== '0');
    return [...found];
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
