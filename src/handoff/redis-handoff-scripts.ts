import { LuaScript } from '../state/lua-script';

/**
 * The Lua scripts of `RedisHandoffStore`. Every key of the store carries the `{handoff}` hash tag,
 * so the keys a script computes (the record a conversation points to) sit in the same cluster slot.
 */

/**
 * Create or join. KEYS: conversation index, new record, open set. ARGV: new id, record key prefix,
 * then the new record's field/value pairs. Returns `{joined (0|1), HGETALL of the record}`.
 */
export const CREATE_OR_JOIN_SCRIPT = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then
  local key = ARGV[2] .. existing
  local status = redis.call('HGET', key, 'status')
  if status == 'pending' or status == 'assigned' then
    redis.call('HINCRBY', key, 'joins', 1)
    return {1, redis.call('HGETALL', key)}
  end
end
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return {0, redis.call('HGETALL', KEYS[2])}
`);

/**
 * One transition. KEYS: record, open set. ARGV: id, allowed statuses (comma-separated), expected
 * agent id (or ''), target status, final (1|0), retention ms, conversation index prefix, patch JSON
 * (`{set: {field: string}, del: [field], incr: [field]}`).
 * Returns `{applied (0|1), HGETALL of the record (empty when it does not exist)}`.
 */
export const TRANSITION_SCRIPT = new LuaScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {0, {}} end
local allowed = false
for s in string.gmatch(ARGV[2], '[^,]+') do
  if s == status then allowed = true end
end
if not allowed then return {0, redis.call('HGETALL', KEYS[1])} end
if ARGV[3] ~= '' and redis.call('HGET', KEYS[1], 'agentId') ~= ARGV[3] then
  return {0, redis.call('HGETALL', KEYS[1])}
end
local patch = cjson.decode(ARGV[8])
for field, value in pairs(patch.set) do redis.call('HSET', KEYS[1], field, value) end
for _, field in ipairs(patch.del) do redis.call('HDEL', KEYS[1], field) end
for _, field in ipairs(patch.incr) do redis.call('HINCRBY', KEYS[1], field, 1) end
redis.call('HSET', KEYS[1], 'status', ARGV[4])
redis.call('HINCRBY', KEYS[1], 'version', 1)
if ARGV[5] == '1' then
  local conv = ARGV[7] .. redis.call('HGET', KEYS[1], 'conv')
  if redis.call('GET', conv) == ARGV[1] then redis.call('DEL', conv) end
  redis.call('SREM', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return {1, redis.call('HGETALL', KEYS[1])}
`);

/** Active handoff of a conversation. KEYS: conversation index. ARGV: record key prefix. */
export const ACTIVE_SCRIPT = new LuaScript(`
local id = redis.call('GET', KEYS[1])
if not id then return {} end
local record = redis.call('HGETALL', ARGV[1] .. id)
return record
`);
