import { Redis, type RedisOptions } from 'ioredis';

/**
 * How many times a command is retried across reconnections before it fails. Small on purpose: a
 * turn waiting on a dead Redis should fail fast into the error boundary (the customer gets an
 * apology, the platform retries the webhook) instead of hanging until the platform times out.
 */
const COMMAND_MAX_RETRIES = 3;

/** Longest pause between reconnection attempts, so a restarted Redis is found again within seconds. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/** Base of the exponential reconnection backoff. */
const RECONNECT_BASE_DELAY_MS = 50;

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /** Shown by `CLIENT LIST` (e.g. `switchboard:state`), so operators can tell connections apart. */
  name: string;
  /** When true, nothing connects until the first command (or `connect()`). */
  lazyConnect?: boolean;
  /**
   * True for connections that run blocking commands: BullMQ `Worker` and `QueueEvents`.
   * BullMQ requires `maxRetriesPerRequest: null` on those (a blocking call must survive reconnects),
   * so this sets it. Leave false for command and pub/sub connections, which fail fast instead.
   */
  blocking?: boolean;
}

/**
 * Opens an ioredis connection with Switchboard's defaults.
 *
 * Which connection needs what:
 * - state commands (storage, locks, dedupe, reply log, publishing): `blocking: false` — a command
 *   fails after {@link COMMAND_MAX_RETRIES} reconnect attempts instead of queueing forever;
 * - pub/sub subscribers: made with `connection.duplicate()` by the bus and the lock service; ioredis
 *   re-subscribes them after a reconnect;
 * - BullMQ `Worker` / `QueueEvents`: `blocking: true` (`maxRetriesPerRequest: null`, BullMQ checks it);
 *   a BullMQ `Queue` (producer) may share a command connection.
 *
 * @example
 * const redis = createRedisConnection(process.env.REDIS_URL, { name: 'switchboard:state' });
 * try { await redis.ping(); } finally { await quitRedis(redis); }
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    lazyConnect: options.lazyConnect ?? false,
    maxRetriesPerRequest: options.blocking ? null : COMMAND_MAX_RETRIES,
    retryStrategy: reconnectDelayMs,
    // Commands issued in the same tick (many conversations' turns at once) go out in one write:
    // fewer syscalls and Redis wake-ups under load, no change to ordering or results.
    enableAutoPipelining: !options.blocking,
  };
  return new Redis(url, redisOptions);
}

/** Exponential backoff with jitter, capped, so many processes do not reconnect in lockstep. */
function reconnectDelayMs(attempt: number): number {
  const exponential = RECONNECT_BASE_DELAY_MS * 2 ** Math.min(attempt - 1, 10);
  return Math.min(exponential, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * RECONNECT_BASE_DELAY_MS);
}

const quitting = new WeakMap<Redis, Promise<void>>();

/**
 * Closes a connection gracefully (pending replies are awaited), at most once: calling it again
 * returns the same promise. A connection that never connected, or cannot quit, is disconnected.
 */
export function quitRedis(redis: Redis): Promise<void> {
  let done = quitting.get(redis);
  if (done === undefined) {
    done = quitOnce(redis);
    quitting.set(redis, done);
  }
  return done;
}

async function quitOnce(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'wait') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    // Already closed or unreachable: nothing is pending that a graceful quit could save.
    redis.disconnect();
  }
}
