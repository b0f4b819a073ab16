import { Redis } from 'ioredis';
import { z } from 'zod';

/** Key and channel prefix used when none is given: keeps Switchboard's keys apart from others'. */
export const DEFAULT_KEY_PREFIX = 'swb:';

/** The options every Redis-backed state service takes. */
export interface RedisServiceOptions {
  /**
   * The command connection (see `createRedisConnection`). Not owned: `close()` leaves it open for
   * the caller to quit. Connections a service needs of its own (subscribers) it duplicates and owns.
   */
  redis: Redis;
  /** Prepended to every key and channel, e.g. `swb:` or `tenant-a:swb:`. Default `swb:`. */
  keyPrefix?: string;
}

/** zod shape of {@link RedisServiceOptions}, extended by each service's schema. */
export const redisServiceOptionsShape = {
  redis: z.custom<Redis>((value) => value instanceof Redis, 'must be an ioredis Redis connection'),
  keyPrefix: z.string().default(DEFAULT_KEY_PREFIX),
};
