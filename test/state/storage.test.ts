import { MemoryStorage as BotbuilderMemoryStorage } from 'botbuilder-core';
import { MemoryStorage } from '../../src/state/memory-storage';
import { RedisStorage } from '../../src/state/redis-storage';
import { runStorageSuite } from '../conformance/storage-suite';
import { setupRedis } from '../support/redis-test-context';
import { cleanupRedisPrefix, describeWithRedis } from '../support/services';
import { sleep } from '../support/time';

runStorageSuite({
  name: 'MemoryStorage',
  create: async () => ({ storage: new MemoryStorage(), cleanup: async () => {} }),
});

describe('MemoryStorage', () => {
  test('is a botbuilder MemoryStorage', () => {
    expect(new MemoryStorage()).toBeInstanceOf(BotbuilderMemoryStorage);
  });
});

describeWithRedis('RedisStorage', (redisUrl) => {
  const context = setupRedis(redisUrl, 'storage');

  runStorageSuite({
    name: 'RedisStorage',
    create: async () => {
      const keyPrefix = context.nextPrefix();
      return {
        storage: new RedisStorage({ redis: context.redis, keyPrefix }),
        cleanup: () => cleanupRedisPrefix(context.redis, keyPrefix),
      };
    },
  });

  test('items live under <prefix>storage:<key>', async () => {
    const keyPrefix = context.nextPrefix();
    await new RedisStorage({ redis: context.redis, keyPrefix }).write({
      'webchat/conversations/c1': { v: 1 },
    });
    expect(await context.redis.exists(`${keyPrefix}storage:webchat/conversations/c1`)).toBe(1);
  });

  test('ttlMs makes items expire', async () => {
    const storage = new RedisStorage({ redis: context.redis, keyPrefix: context.nextPrefix(), ttlMs: 100 });
    await storage.write({ a: { v: 1 } });
    expect(await storage.read(['a'])).toHaveProperty('a');
    await sleep(200);
    expect(await storage.read(['a'])).toEqual({});
  });

  test('unknown or invalid options are refused with SWB_ERR_CONFIG_INVALID', () => {
    const invalid = { redis: context.redis, ttlMs: -1, colour: 'blue' } as unknown as ConstructorParameters<
      typeof RedisStorage
    >[0];
    expect(() => new RedisStorage(invalid)).toThrow(
      expect.objectContaining({ code: 'SWB_ERR_CONFIG_INVALID' }),
    );
  });
});
