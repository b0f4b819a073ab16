import { MemoryLockService } from '../../src/state/memory-lock';
import type { LockHandle } from '../../src/state/ports';
import { RedisLockService } from '../../src/state/redis-lock';
import { lockKeys } from '../../src/state/redis-lock-scripts';
import { runLockSuite } from '../conformance/lock-suite';
import { setupRedis } from '../support/redis-test-context';
import { cleanupRedisPrefix, describeWithRedis } from '../support/services';
import { sleep, waitFor } from '../support/time';

runLockSuite({
  name: 'MemoryLockService',
  create: async ({ autoRenew }) => {
    const locks = new MemoryLockService({ autoRenew });
    return { locks, cleanup: () => locks.close() };
  },
});

describe('MemoryLockService', () => {
  test('forgets a resource once nobody holds or waits for it', async () => {
    const locks = new MemoryLockService();
    const lock = await locks.acquire('r');
    await expect(locks.acquire('r', { waitMs: 10 })).rejects.toMatchObject({ code: 'SWB_ERR_LOCK_TIMEOUT' });
    const waiter = locks.acquire('r');
    expect(locks.activeResources).toBe(1);
    await lock.release();
    await (await waiter).release();
    expect(locks.activeResources).toBe(0);
    await locks.close();
  });
});

describeWithRedis('RedisLockService', (redisUrl) => {
  const context = setupRedis(redisUrl, 'locks');

  runLockSuite({
    name: 'RedisLockService',
    create: async ({ autoRenew }) => {
      const keyPrefix = context.nextPrefix();
      const locks = new RedisLockService({ redis: context.redis, keyPrefix, autoRenew });
      return {
        locks,
        cleanup: async () => {
          await locks.close();
          await cleanupRedisPrefix(context.redis, keyPrefix);
        },
      };
    },
  });

  describe('two services on two connections (like two processes)', () => {
    let keyPrefix: string;
    let first: RedisLockService;
    let second: RedisLockService;

    beforeEach(() => {
      keyPrefix = context.nextPrefix();
      first = new RedisLockService({ redis: context.connect('first'), keyPrefix });
      second = new RedisLockService({ redis: context.connect('second'), keyPrefix });
    });
    afterEach(async () => {
      await Promise.all([first.close(), second.close()]);
      await cleanupRedisPrefix(context.redis, keyPrefix);
    });

    test('exclude each other', async () => {
      let counter = 0;
      let inside = 0;
      let maxInside = 0;
      const contender = async (locks: RedisLockService): Promise<void> => {
        const lock = await locks.acquire('shared', { waitMs: 20_000 });
        try {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          const read = counter;
          await sleep(2);
          counter = read + 1;
          inside -= 1;
        } finally {
          await lock.release();
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, i) => contender(i % 2 === 0 ? first : second)));
      expect(counter).toBe(20);
      expect(maxInside).toBe(1);
    });

    test('serve waiters first come, first served across services', async () => {
      const holder = await first.acquire('fair');
      const order: string[] = [];
      const waitIn = async (locks: RedisLockService, label: string): Promise<void> => {
        const lock = await locks.acquire('fair', { waitMs: 10_000 });
        order.push(label);
        await lock.release();
      };
      const fromSecond = waitIn(second, 'second');
      await sleep(50);
      const fromFirst = waitIn(first, 'first');
      await sleep(50);
      await holder.release();
      await Promise.all([fromSecond, fromFirst]);
      expect(order).toEqual(['second', 'first']);
    });

    test('leave no waiting-queue keys behind, only the fencing counter', async () => {
      const holder = await first.acquire('tidy');
      const waiter = second.acquire('tidy', { waitMs: 5_000 });
      await sleep(20);
      await holder.release();
      await (await waiter).release();
      const keys = lockKeys(keyPrefix, 'tidy');
      expect(await context.redis.exists(keys.lock, keys.queue, keys.alive)).toBe(0);
      expect(Number(await context.redis.pttl(keys.fence))).toBeGreaterThan(0);
    });
  });

  describe('failure handling', () => {
    let keyPrefix: string;
    let locks: RedisLockService;

    beforeEach(() => {
      keyPrefix = context.nextPrefix();
      locks = new RedisLockService({ redis: context.redis, keyPrefix, pollIntervalMs: 20 });
    });
    afterEach(async () => {
      await locks.close();
      await cleanupRedisPrefix(context.redis, keyPrefix);
    });

    test('a renewal that finds the lock taken over marks the handle lost', async () => {
      const lock: LockHandle = await locks.acquire('taken', { ttlMs: 150 });
      await context.redis.set(lockKeys(keyPrefix, 'taken').lock, 'someone-else', 'PX', 10_000);
      await waitFor(() => !lock.isHeld(), 'the renewal to notice', 1_000);
      await expect(lock.assertHeld()).rejects.toMatchObject({ code: 'SWB_ERR_LOCK_LOST' });
      await lock.release();
      expect(await context.redis.get(lockKeys(keyPrefix, 'taken').lock)).toBe('someone-else');
    });

    test('assertHeld checks Redis, not only the local clock', async () => {
      const lock = await locks.acquire('checked');
      await context.redis.del(lockKeys(keyPrefix, 'checked').lock);
      await expect(lock.assertHeld()).rejects.toMatchObject({ code: 'SWB_ERR_LOCK_LOST' });
      expect(lock.isHeld()).toBe(false);
    });

    test('a waiter whose process died loses its place after its lease', async () => {
      const keys = lockKeys(keyPrefix, 'ghost');
      const holder = await locks.acquire('ghost');
      // A waiter that queued first and then stopped polling, as if its process had died.
      await context.redis.zadd(keys.queue, 0, 'ghost-token');
      await context.redis.zadd(keys.alive, Date.now() + 300, 'ghost-token');
      const waiter = locks.acquire('ghost', { waitMs: 5_000 });
      await holder.release();
      const startedAt = Date.now();
      await (await waiter).release();
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    });

    test('unknown options are refused with SWB_ERR_CONFIG_INVALID', () => {
      const invalid = { redis: context.redis, ttlMs: 5 } as unknown as ConstructorParameters<
        typeof RedisLockService
      >[0];
      expect(() => new RedisLockService(invalid)).toThrow(
        expect.objectContaining({ code: 'SWB_ERR_CONFIG_INVALID' }),
      );
    });
  });
});
