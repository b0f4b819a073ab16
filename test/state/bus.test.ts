import { MemoryMessageBus } from '../../src/state/memory-bus';
import { RedisMessageBus } from '../../src/state/redis-bus';
import { runBusSuite } from '../conformance/bus-suite';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';
import { waitFor } from '../support/time';

runBusSuite({
  name: 'MemoryMessageBus',
  create: async () => {
    const bus = new MemoryMessageBus();
    return { bus, cleanup: () => bus.close() };
  },
});

describe('MemoryMessageBus', () => {
  test('a handler that throws is reported and does not stop the others', async () => {
    const errors: unknown[] = [];
    const bus = new MemoryMessageBus({ onError: (error) => errors.push(error) });
    const received: string[] = [];
    await bus.subscribe('c', () => {
      throw new Error('handler bug');
    });
    await bus.subscribe('c', (message) => received.push(message));
    await bus.publish('c', 'm');
    await waitFor(() => received.length === 1, 'the second handler');
    expect(errors).toEqual([expect.objectContaining({ message: 'handler bug' })]);
    await bus.close();
  });
});

describeWithRedis('RedisMessageBus', (redisUrl) => {
  const context = setupRedis(redisUrl, 'bus');
  let keyPrefix: string;

  beforeEach(() => {
    keyPrefix = context.nextPrefix();
  });

  runBusSuite({
    name: 'RedisMessageBus',
    create: async () => {
      const bus = new RedisMessageBus({ redis: context.redis, keyPrefix });
      return { bus, cleanup: () => bus.close() };
    },
    createPeer: async () => {
      const bus = new RedisMessageBus({ redis: context.connect('peer'), keyPrefix });
      return { bus, cleanup: () => bus.close() };
    },
  });

  test('many channels share one subscriber connection, subscribed while they have handlers', async () => {
    const bus = new RedisMessageBus({ redis: context.redis, keyPrefix });
    const unsubscribes = await Promise.all(
      ['a', 'b', 'c'].map((channel) => bus.subscribe(channel, () => {})),
    );
    const extra = await bus.subscribe('a', () => {});
    const channels = async (): Promise<string[]> =>
      ((await context.redis.pubsub('CHANNELS', `${keyPrefix}bus:*`)) as string[]).sort();
    expect(await channels()).toEqual([`${keyPrefix}bus:a`, `${keyPrefix}bus:b`, `${keyPrefix}bus:c`]);
    const clients = (await context.redis.client('LIST')) as string;
    expect(clients.split('\n').filter((line) => line.includes('name=test:bus:main:bus'))).toHaveLength(1);
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
    expect(await channels()).toEqual([`${keyPrefix}bus:a`]);
    await extra();
    expect(await channels()).toEqual([]);
    await bus.close();
  });
});
