import { MemoryHandoffStore } from '../../src/handoff/memory-handoff-store';
import { RedisHandoffStore } from '../../src/handoff/redis-handoff-store';
import { runHandoffStoreSuite } from '../conformance/handoff-store-suite';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';

runHandoffStoreSuite({
  name: 'MemoryHandoffStore',
  create: async () => {
    const store = new MemoryHandoffStore();
    return { store, cleanup: () => store.close() };
  },
});

describeWithRedis('RedisHandoffStore', (redisUrl) => {
  const context = setupRedis(redisUrl, 'handoff-store');
  let keyPrefix: string;

  beforeEach(() => {
    keyPrefix = context.nextPrefix();
  });

  runHandoffStoreSuite({
    name: 'RedisHandoffStore',
    create: async () => {
      const store = new RedisHandoffStore({ redis: context.redis, keyPrefix });
      return { store, cleanup: () => store.close() };
    },
    createPeer: async () => {
      const store = new RedisHandoffStore({ redis: context.connect('peer'), keyPrefix });
      return { store, cleanup: () => store.close() };
    },
  });

  test('a finished record expires after the retention period; an open one does not', async () => {
    const store = new RedisHandoffStore({ redis: context.redis, keyPrefix });
    const open = await store.createOrJoin({
      id: 'h-ttl-open',
      now: 1,
      channelId: 'webchat',
      conversationId: 'ttl-a',
      skill: 'general',
      reason: 'customer-asked',
      customer: {},
      context: {},
      priority: 10,
    });
    const done = await store.createOrJoin({
      ...open.handoff,
      id: 'h-ttl-done',
      conversationId: 'ttl-b',
      now: 1,
    });
    await store.transition(done.handoff.id, 'cancel', { now: 2 });
    expect(await context.redis.pttl(`${keyPrefix}{handoff}:rec:h-ttl-open`)).toBe(-1);
    expect(await context.redis.pttl(`${keyPrefix}{handoff}:rec:h-ttl-done`)).toBeGreaterThan(0);
  });
});
