import { MemoryMessageBus } from '../../src/state/memory-bus';
import { MemoryReplyLog } from '../../src/state/memory-reply-log';
import { RedisMessageBus } from '../../src/state/redis-bus';
import { RedisReplyLog } from '../../src/state/redis-reply-log';
import { runReplyLogSuite } from '../conformance/reply-log-suite';
import { setupRedis } from '../support/redis-test-context';
import { cleanupRedisPrefix, describeWithRedis } from '../support/services';

runReplyLogSuite({
  name: 'MemoryReplyLog',
  create: async ({ maxEntries }) => {
    const bus = new MemoryMessageBus();
    const replies = new MemoryReplyLog({ maxEntries, bus });
    return {
      replies,
      bus,
      cleanup: async () => {
        await replies.close();
        await bus.close();
      },
    };
  },
});

describe('MemoryReplyLog', () => {
  test('refuses an announced append without a bus, logging nothing', async () => {
    const replies = new MemoryReplyLog();
    const announce = { channel: 'c', before: '', after: '' };
    await expect(replies.append('c', 'x', announce)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
    expect(await replies.readAfter('c', 0)).toEqual([]);
    await replies.close();
  });

  test('drops a log idle past idleTtlMs', async () => {
    let now = 0;
    const replies = new MemoryReplyLog({ idleTtlMs: 1_000, now: () => now });
    await replies.append('c', 'old');
    now = 1_000;
    expect(await replies.readAfter('c', 0)).toEqual([]);
    expect(await replies.append('c', 'new')).toEqual({ seq: 1, payload: 'new' });
    await replies.close();
  });
});

describeWithRedis('RedisReplyLog', (redisUrl) => {
  const context = setupRedis(redisUrl, 'replies');

  runReplyLogSuite({
    name: 'RedisReplyLog',
    create: async ({ maxEntries }) => {
      const keyPrefix = context.nextPrefix();
      const replies = new RedisReplyLog({ redis: context.redis, keyPrefix, maxEntries });
      const bus = new RedisMessageBus({ redis: context.redis, keyPrefix });
      return {
        replies,
        bus,
        cleanup: async () => {
          await replies.close();
          await bus.close();
          await cleanupRedisPrefix(context.redis, keyPrefix);
        },
      };
    },
  });

  test('appends from two connections (two processes) get distinct, consecutive seqs', async () => {
    const keyPrefix = context.nextPrefix();
    const logs = [context.redis, context.connect('other')].map(
      (redis) => new RedisReplyLog({ redis, keyPrefix }),
    );
    const entries = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (logs[i % 2] as RedisReplyLog).append('shared', `p${i}`)),
    );
    expect(entries.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });

  test('a log is one stream under <prefix>replies:{<conversation>} with the idle ttl', async () => {
    const keyPrefix = context.nextPrefix();
    const replies = new RedisReplyLog({ redis: context.redis, keyPrefix, idleTtlMs: 60_000 });
    await replies.append('c1', 'x');
    const key = `${keyPrefix}replies:{c1}`;
    expect(await context.redis.type(key)).toBe('stream');
    expect(await context.redis.pttl(key)).toBeGreaterThan(59_000);
  });
});
