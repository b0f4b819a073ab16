import { MemoryDedupeStore } from '../../src/state/memory-dedupe';
import { RedisDedupeStore } from '../../src/state/redis-dedupe';
import { runDedupeSuite } from '../conformance/dedupe-suite';
import { setupRedis } from '../support/redis-test-context';
import { cleanupRedisPrefix, describeWithRedis } from '../support/services';

runDedupeSuite({
  name: 'MemoryDedupeStore',
  create: async () => {
    const dedupe = new MemoryDedupeStore();
    return { dedupe, cleanup: () => dedupe.close() };
  },
});

describe('MemoryDedupeStore', () => {
  test('sweeps expired keys so memory stays bounded', async () => {
    let now = 1_000;
    jest.useFakeTimers();
    try {
      const dedupe = new MemoryDedupeStore({ sweepIntervalMs: 1_000, now: () => now });
      await dedupe.claim('a', 500);
      await dedupe.claim('b', 5_000);
      now += 1_000;
      jest.advanceTimersByTime(1_000);
      expect(dedupe.size).toBe(1);
      await dedupe.close();
    } finally {
      jest.useRealTimers();
    }
  });
});

describeWithRedis('RedisDedupeStore', (redisUrl) => {
  const context = setupRedis(redisUrl, 'dedupe');

  runDedupeSuite({
    name: 'RedisDedupeStore',
    create: async () => {
      const keyPrefix = context.nextPrefix();
      const dedupe = new RedisDedupeStore({ redis: context.redis, keyPrefix });
      return {
        dedupe,
        cleanup: async () => {
          await dedupe.close();
          await cleanupRedisPrefix(context.redis, keyPrefix);
        },
      };
    },
  });

  test('claims live under <prefix>dedupe:<key> with a ttl', async () => {
    const keyPrefix = context.nextPrefix();
    await new RedisDedupeStore({ redis: context.redis, keyPrefix }).claim('slack:Ev1', 60_000);
    const pttl = await context.redis.pttl(`${keyPrefix}dedupe:slack:Ev1`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });
});
