import type { Redis } from 'ioredis';
import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { cleanupRedisPrefix, uniquePrefix } from './services';

/** A test file's Redis: its connections and a unique key prefix, cleaned up after the file. */
export interface RedisTestContext {
  /** The shared command connection (open between beforeAll and afterAll). */
  readonly redis: Redis;
  /** The file's unique prefix; every key the tests write starts with it. */
  readonly prefix: string;
  /** A fresh prefix under the file's prefix, for one fixture. */
  nextPrefix(): string;
  /** An extra connection (like another process), quit after the file. */
  connect(name: string): Redis;
}

/**
 * Registers beforeAll/afterAll hooks that open a connection to `redisUrl()` and, after the file,
 * delete every key under the file's prefix and quit every connection. Call inside `describeWithRedis`.
 */
export function setupRedis(redisUrl: () => string, label: string): RedisTestContext {
  const prefix = uniquePrefix(label);
  const connections: Redis[] = [];
  let redis: Redis | undefined;
  let fixtureCount = 0;

  const connect = (name: string): Redis => {
    const connection = createRedisConnection(redisUrl(), { name: `test:${label}:${name}` });
    connections.push(connection);
    return connection;
  };

  beforeAll(() => {
    redis = connect('main');
  });
  afterAll(async () => {
    if (redis) await cleanupRedisPrefix(redis, prefix);
    await Promise.all(connections.map((connection) => quitRedis(connection)));
  });

  return {
    get redis(): Redis {
      if (redis === undefined) throw new Error('setupRedis: the connection opens in beforeAll');
      return redis;
    },
    prefix,
    nextPrefix: () => {
      fixtureCount += 1;
      return `${prefix}${fixtureCount}:`;
    },
    connect,
  };
}
