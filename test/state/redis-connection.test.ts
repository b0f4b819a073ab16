import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { describeWithRedis } from '../support/services';

describeWithRedis('createRedisConnection', (redisUrl) => {
  test('names the connection and fails commands fast unless blocking', async () => {
    const commands = createRedisConnection(redisUrl(), { name: 'test:connection:commands' });
    const blocking = createRedisConnection(redisUrl(), { name: 'test:connection:blocking', blocking: true });
    expect(await commands.client('GETNAME')).toBe('test:connection:commands');
    expect(commands.options.maxRetriesPerRequest).toBeGreaterThan(0);
    expect(blocking.options.maxRetriesPerRequest).toBeNull();
    await Promise.all([quitRedis(commands), quitRedis(blocking)]);
  });

  test('quitRedis is idempotent and handles never-connected connections', async () => {
    const redis = createRedisConnection(redisUrl(), { name: 'test:connection:quit' });
    await redis.ping();
    const quitting = quitRedis(redis);
    expect(quitRedis(redis)).toBe(quitting);
    await quitting;
    const lazy = createRedisConnection(redisUrl(), { name: 'test:connection:lazy', lazyConnect: true });
    await quitRedis(lazy);
    expect(lazy.status).toBe('end');
  });
});
