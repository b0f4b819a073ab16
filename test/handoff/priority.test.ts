import {
  assertBullMqPriority,
  computePriority,
  FRONT_OF_QUEUE_PRIORITY,
  MAX_BULLMQ_PRIORITY,
  MIN_REGULAR_PRIORITY,
  PRIORITY_BASE,
} from '../../src/handoff/priority';

describe('computePriority (lower is served first)', () => {
  test('follows the documented formula', () => {
    expect(computePriority({ channelId: 'sms' })).toBe(PRIORITY_BASE);
    expect(computePriority({ channelId: 'webchat' })).toBe(PRIORITY_BASE - 200);
    expect(computePriority({ channelId: 'voice', tier: 'gold' })).toBe(9_450);
    expect(computePriority({ channelId: 'slack', tier: 'platinum' })).toBe(9_300);
    expect(computePriority({ channelId: 'sms', sentiment: { label: 'negative', score: -0.5 } })).toBe(
      PRIORITY_BASE - 75,
    );
    expect(computePriority({ channelId: 'sms', sentiment: { label: 'positive', score: 0.9 } })).toBe(
      PRIORITY_BASE,
    );
    expect(computePriority({ channelId: 'sms', waitedMs: 95_000 })).toBe(PRIORITY_BASE - 9);
  });

  test('caps the carried wait and stays inside BullMQ’s range, above the front-of-queue priority', () => {
    expect(computePriority({ channelId: 'sms', waitedMs: 10 * 60 * 60 * 1000 })).toBe(PRIORITY_BASE - 360);
    expect(computePriority({ channelId: 'unknown-channel', waitedMs: -5 })).toBe(PRIORITY_BASE);
    const best = computePriority({
      channelId: 'voice',
      tier: 'platinum',
      sentiment: { label: 'negative', score: -1 },
      waitedMs: 1e12,
    });
    expect(best).toBeGreaterThanOrEqual(MIN_REGULAR_PRIORITY);
    expect(best).toBeGreaterThan(FRONT_OF_QUEUE_PRIORITY);
  });

  test('assertBullMqPriority refuses what BullMQ would misorder', () => {
    expect(() => assertBullMqPriority(1)).not.toThrow();
    expect(() => assertBullMqPriority(MAX_BULLMQ_PRIORITY)).not.toThrow();
    for (const bad of [0, -1, 1.5, MAX_BULLMQ_PRIORITY + 1, Number.NaN]) {
      expect(() => assertBullMqPriority(bad)).toThrow(
        expect.objectContaining({ code: 'SWB_ERR_VALIDATION' }),
      );
    }
  });
});
