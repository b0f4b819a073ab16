import { RedisBucketCounter } from '../../../src/analytics/alerts/redis-bucket-counter';
import { createRedisConnection, quitRedis } from '../../../src/state/redis-connection';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../../support/services';
import { CALM_TRAFFIC, MINUTE_MS, Simulation, type Stream } from './simulated-traffic';

describeWithRedis('RedisBucketCounter (real Redis)', (redisUrl) => {
  const redis = () => connection;
  let connection: ReturnType<typeof createRedisConnection>;
  const prefix = uniquePrefix('surge');

  beforeAll(() => {
    connection = createRedisConnection(redisUrl(), { name: 'test:surge' });
  });
  afterAll(async () => {
    await cleanupRedisPrefix(connection, prefix);
    await quitRedis(connection);
  });

  test('INCR on time-bucket keys with a TTL; sums over buckets, missing ones count zero', async () => {
    const counter = new RedisBucketCounter({ redis: redis(), keyPrefix: `${prefix}a:` });
    await counter.add([
      { series: 'w|all', bucket: 10, negative: true, ttlMs: 60_000 },
      { series: 'w|all', bucket: 11, negative: false, ttlMs: 60_000 },
    ]);
    await counter.add([{ series: 'w|all', bucket: 11, negative: true, ttlMs: 60_000 }]);
    const [sum, other] = await counter.sum([
      { series: 'w|all', buckets: [9, 10, 11] },
      { series: 'w|intent=x', buckets: [10] },
    ]);
    expect(sum).toEqual({ total: 3, negative: 2 });
    expect(other).toEqual({ total: 0, negative: 0 });
    const ttl = await redis().pttl(`${prefix}a:surge:w|all:11:t`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  test('claim: exactly one of concurrent claimers wins', async () => {
    const counter = new RedisBucketCounter({ redis: redis(), keyPrefix: `${prefix}b:` });
    const results = await Promise.all([1, 2, 3, 4].map(() => counter.claim('cooldown|all', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('two processes sharing Redis: their messages add up, and the surge alerts exactly once', async () => {
    const keyPrefix = `${prefix}c:`;
    const first = new Simulation({
      seed: 11,
      counter: new RedisBucketCounter({ redis: redis(), keyPrefix }),
    });
    const second = new Simulation({
      seed: 12,
      counter: new RedisBucketCounter({ redis: redis(), keyPrefix }),
    });
    // Half the traffic reaches each process; neither alone sees 20 messages in the window.
    const halfCalm = CALM_TRAFFIC.map((s) => ({ ...s, perMinute: s.perMinute / 2 }));
    const halfBurst: Stream = {
      intent: 'card_declined',
      channelId: 'webchat',
      perMinute: 1,
      negativeShare: 0.95,
    };
    for (let minute = 0; minute < 3 * 60 + 15; minute++) {
      const streams = minute >= 3 * 60 ? [...halfCalm, halfBurst] : halfCalm;
      await first.play(1, streams);
      second.now = first.now - MINUTE_MS;
      await second.play(1, streams);
    }
    const alerts = [...first.alerts, ...second.alerts];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ intent: 'card_declined', channelId: 'webchat' });
    expect(alerts[0]!.messages).toBeGreaterThanOrEqual(20);
  });
});
