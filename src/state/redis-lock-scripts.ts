import { LuaScript } from './lua-script';

/** The Redis keys of one lock resource; the `{resource}` hash tag keeps them in one cluster slot. */
export interface LockKeys {
  /** String holding the owner's random token, with a PX ttl. */
  lock: string;
  /** Last fencing token issued for the resource. */
  fence: string;
  /** ZSET of waiting owner tokens, scored by arrival ticket (FIFO order). */
  queue: string;
  /** ZSET of waiting owner tokens, scored by the time (ms) their lease ends. */
  alive: string;
}

/** Builds the keys of `resource` under `keyPrefix`. */
export function lockKeys(keyPrefix: string, resource: string): LockKeys {
  const lock = `${keyPrefix}lock:{${resource}}`;
  return { lock, fence: `${lock}:fence`, queue: `${lock}:queue`, alive: `${lock}:alive` };
}

/** The channel on which a release names the waiter whose turn it is. */
export function lockWakeChannel(keyPrefix: string): string {
  return `${keyPrefix}lock:wake`;
}

/** Lua: the server's time in ms, into \`now\`. */
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/** Lua: current server time in ms, and removal of waiters whose lease ended (their process died). */
const NOW_AND_PURGE = `${NOW}
local dead = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
for _, waiter in ipairs(dead) do
  redis.call('ZREM', KEYS[3], waiter)
  redis.call('ZREM', KEYS[4], waiter)
end
`;

/**
 * Lua: the uncontended case, where no waiter (dead or alive) can be involved: the lock is free
 * and its queue does not exist (the queue and lease sets are created and expire together).
 */
const FREE_AND_NOBODY_WAITING = `
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[3]) == 0 then`;

/** Lua: the next fencing token into \`fence\` (needs \`now\`), stored with the idle ttl ARGV[4]. */
const NEXT_FENCE = `local fence = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, now)
  redis.call('SET', KEYS[2], string.format('%d', fence), 'PX', ARGV[4])`;

/**
 * Takes the lock when it is free and the caller is first in line, else queues the caller (or
 * renews its place). KEYS: lock, fence, queue, alive. ARGV: token, ttlMs, waiterLeaseMs, fenceIdleMs.
 * Returns the fencing token (> 0) when acquired, 0 when waiting.
 *
 * Free with nobody queued (the common case), it skips the queue bookkeeping entirely.
 * The fencing token is max(last + 1, server time in ms): it grows by one per acquisition, and
 * still grows after the idle counter key expired, so the counter need not live forever.
 */
export const ACQUIRE_SCRIPT = new LuaScript(`${FREE_AND_NOBODY_WAITING}${NOW}
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  ${NEXT_FENCE}
  return fence
end
${NOW_AND_PURGE}
if redis.call('EXISTS', KEYS[1]) == 0 then
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if head == nil or head == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    redis.call('ZREM', KEYS[3], ARGV[1])
    redis.call('ZREM', KEYS[4], ARGV[1])
    ${NEXT_FENCE}
    return fence
  end
end
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then
  local tail = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  local ticket = 1
  if tail[2] then ticket = tonumber(tail[2]) + 1 end
  redis.call('ZADD', KEYS[3], ticket, ARGV[1])
end
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return 0
`);

/**
 * Releases the lock if the caller owns it and leaves the queue if the caller waits in it; then, if
 * the lock is free, publishes the token of the first waiter so it retries at once. Without a
 * queue (the common case) that is one compare-and-delete.
 * KEYS: lock, fence, queue, alive. ARGV: token, wake channel. Returns 1 when a lock was released.
 */
export const LEAVE_SCRIPT = new LuaScript(`
if redis.call('EXISTS', KEYS[3]) == 0 then
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
    return 1
  end
  return 0
end
${NOW_AND_PURGE}
local released = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  released = 1
end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if head then redis.call('PUBLISH', ARGV[2], head) end
end
return released
`);

/** Extends the lock's ttl if the caller still owns it. KEYS: lock. ARGV: token, ttlMs. Returns 1 or 0. */
export const RENEW_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** The keys of `keys` in the order the scripts expect them. */
export function scriptKeys(keys: LockKeys): string[] {
  return [keys.lock, keys.fence, keys.queue, keys.alive];
}
