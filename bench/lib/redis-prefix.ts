import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (SCAN + UNLINK), so a benchmark leaves Redis as it found it:
 * leftover keys slow every later SCAN on the server, tests' included.
 */
export async function unlinkPrefix(redisOrUrl: Redis | string, prefix: string): Promise<number> {
  const redis = typeof redisOrUrl === 'string' ? new Redis(redisOrUrl) : redisOrUrl;
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    if (typeof redisOrUrl === 'string') await redis.quit();
  }
  return deleted;
}
