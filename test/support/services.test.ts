import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { cleanupRedisPrefix, describeWithRedis, uniqueId, uniquePrefix } from './services';

describe('uniquePrefix and uniqueId', () => {
  test('are unique per call; ids contain no colon (BullMQ refuses them)', () => {
    expect(uniquePrefix('x')).not.toBe(uniquePrefix('x'));
    expect(uniquePrefix('locks')).toMatch(/^t:locks:\d+:[0-9a-f]+:$/);
    expect(uniqueId('handoff:queue')).toMatch(/^t-handoff-queue-\d+-[0-9a-f]+$/);
  });
});

describeWithRedis('cleanupRedisPrefix', (redisUrl) => {
  test('deletes exactly the keys under the prefix, even with glob characters in it', async () => {
    const redis = createRedisConnection(redisUrl(), { name: 'test:services' });
    const prefix = `${uniquePrefix('cleanup')}[a]*?:`;
    const sibling = `${prefix.slice(0, -6)}ab:`;
    await redis.mset(`${prefix}1`, 'x', `${prefix}2`, 'x', `${sibling}keep`, 'x');
    await cleanupRedisPrefix(redis, prefix);
    expect(await redis.exists(`${prefix}1`, `${prefix}2`)).toBe(0);
    expect(await redis.exists(`${sibling}keep`)).toBe(1);
    await redis.del(`${sibling}keep`);
    await quitRedis(redis);
  });
});
