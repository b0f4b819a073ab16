import type { Redis } from 'ioredis';
import { z } from 'zod';
import { NotReadyError } from '../errors';
import { MemoryMessageBus } from './memory-bus';
import { MemoryDedupeStore } from './memory-dedupe';
import { MemoryLockService } from './memory-lock';
import { MemoryReplyLog } from './memory-reply-log';
import { MemoryStorage } from './memory-storage';
import { parseOptions } from './parse-options';
import type { StateServices } from './ports';
import { RedisMessageBus } from './redis-bus';
import { createRedisConnection, quitRedis } from './redis-connection';
import { RedisDedupeStore } from './redis-dedupe';
import { RedisLockService } from './redis-lock';
import { DEFAULT_KEY_PREFIX } from './redis-options';
import { RedisReplyLog } from './redis-reply-log';
import { RedisStorage } from './redis-storage';
import { type ErrorReporter, warnOnError } from './report-error';

/** Options of {@link createStateServices}. */
export interface StateServicesOptions {
  /** `redis://` or `rediss://` URL (usually `REDIS_URL`); without it everything stays in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel; default `swb:`. */
  keyPrefix?: string;
  /** Receives background failures (connection errors, lock renewals, bus handlers); default: a process warning. */
  onError?: ErrorReporter;
}

const optionsSchema = z.strictObject({
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  keyPrefix: z.string().default(DEFAULT_KEY_PREFIX),
  onError: z.custom<ErrorReporter>((value) => typeof value === 'function').default(() => warnOnError),
});

type ParsedOptions = z.output<typeof optionsSchema>;

/**
 * Builds the state services of a deployment: in memory without `redisUrl` (one process, the
 * `npm start` default), on Redis with it (many processes). Call `ready()` before serving and
 * `close()` on shutdown.
 *
 * @example
 * const state = createStateServices({ redisUrl: process.env.REDIS_URL });
 * await state.ready();
 * process.once('SIGTERM', () => void state.close());
 */
export function createStateServices(options: StateServicesOptions = {}): StateServices {
  const parsed = parseOptions(optionsSchema, options, 'createStateServices');
  return parsed.redisUrl === undefined
    ? createMemoryServices(parsed)
    : createRedisServices(parsed.redisUrl, parsed);
}

function createMemoryServices(options: ParsedOptions): StateServices {
  const locks = new MemoryLockService();
  const dedupe = new MemoryDedupeStore();
  const bus = new MemoryMessageBus({ onError: options.onError });
  const replies = new MemoryReplyLog({ bus });
  let closing: Promise<void> | undefined;
  return Object.freeze({
    kind: 'memory' as const,
    storage: new MemoryStorage({ fences: locks }),
    locks,
    dedupe,
    bus,
    replies,
    ready: async () => {},
    close: () => {
      closing ??= Promise.all([locks.close(), dedupe.close(), bus.close(), replies.close()]).then(() => {});
      return closing;
    },
  });
}

function createRedisServices(redisUrl: string, options: ParsedOptions): StateServices {
  const redis = createRedisConnection(redisUrl, { name: 'switchboard:state' });
  redis.on('error', (error: unknown) => options.onError(error, 'Redis state connection'));
  const shared = { redis, keyPrefix: options.keyPrefix };
  const locks = new RedisLockService({ ...shared, onError: options.onError });
  const dedupe = new RedisDedupeStore(shared);
  const bus = new RedisMessageBus({ ...shared, onError: options.onError });
  const replies = new RedisReplyLog(shared);
  let closing: Promise<void> | undefined;
  return Object.freeze({
    kind: 'redis' as const,
    redis: { client: redis, keyPrefix: options.keyPrefix },
    storage: new RedisStorage(shared),
    locks,
    dedupe,
    bus,
    replies,
    ready: () => pingRedis(redis),
    close: () => {
      // Services first (locks release over the shared connection), then the connection itself.
      closing ??= Promise.allSettled([locks.close(), dedupe.close(), bus.close(), replies.close()]).then(() =>
        quitRedis(redis),
      );
      return closing;
    },
  });
}

async function pingRedis(redis: Redis): Promise<void> {
  try {
    await redis.ping();
  } catch (error) {
    throw new NotReadyError('Redis (state services)', { cause: error });
  }
}
