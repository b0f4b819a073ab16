import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { createStateServices } from '../../src/state/state-services';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../support/services';
import { waitFor } from '../support/time';

describe('createStateServices', () => {
  test('chooses memory without redisUrl; ready and close are idempotent', async () => {
    const state = createStateServices();
    expect(state.kind).toBe('memory');
    await state.ready();
    const closing = state.close();
    expect(state.close()).toBe(closing);
    await closing;
  });

  test('refuses unknown or invalid options with SWB_ERR_CONFIG_INVALID, listing every problem', () => {
    const invalid = { redisUrl: 'http://127.0.0.1', keyprefix: 'x' } as unknown as Parameters<
      typeof createStateServices
    >[0];
    expect(() => createStateServices(invalid)).toThrow(
      expect.objectContaining({
        code: 'SWB_ERR_CONFIG_INVALID',
        message: expect.stringMatching(/redisUrl.*keyprefix/s),
      }),
    );
  });
});

describeWithRedis('createStateServices with Redis', (redisUrl) => {
  const keyPrefix = uniquePrefix('state-services');

  afterAll(async () => {
    const redis = createRedisConnection(redisUrl(), { name: 'test:state-services:cleanup' });
    await cleanupRedisPrefix(redis, keyPrefix);
    await quitRedis(redis);
  });

  test('chooses Redis with redisUrl, and every service works through it', async () => {
    const state = createStateServices({ redisUrl: redisUrl(), keyPrefix });
    expect(state.kind).toBe('redis');
    await state.ready();
    await state.storage.write({ k: { v: 1 } });
    expect((await state.storage.read(['k'])).k.v).toBe(1);
    expect(await state.dedupe.claim('m1', 60_000)).toBe(true);
    expect(await state.replies.append('c', 'hi')).toEqual({ seq: 1, payload: 'hi' });
    const received: string[] = [];
    await state.bus.subscribe('ch', (message) => received.push(message));
    await state.bus.publish('ch', 'ping');
    await waitFor(() => received.length === 1, 'the bus message');
    const lock = await state.locks.acquire('r');
    const closing = state.close();
    expect(state.close()).toBe(closing);
    await closing;
    expect(lock.isHeld()).toBe(false);
  });

  test('ready rejects with SWB_ERR_NOT_READY when Redis cannot be reached', async () => {
    const state = createStateServices({ redisUrl: 'redis://127.0.0.1:1', keyPrefix, onError: () => {} });
    await expect(state.ready()).rejects.toMatchObject({ code: 'SWB_ERR_NOT_READY' });
    await state.close();
  });
});
