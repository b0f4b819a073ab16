import { MemoryBucketCounter } from '../../../src/analytics/alerts/memory-bucket-counter';
import {
  DEFAULT_SURGE_RULE,
  evaluateSurge,
  wilsonLowerBound,
} from '../../../src/analytics/alerts/surge-rule';
import { CALM_TRAFFIC, HOUR_MS, MINUTE_MS, Simulation, type Stream } from './simulated-traffic';

const ANGRY_CARDS_ON_WEBCHAT: Stream = {
  intent: 'card_declined',
  channelId: 'webchat',
  perMinute: 6,
  negativeShare: 0.9,
};

describe('evaluateSurge (pure)', () => {
  const calm = { total: 1000, negative: 100 };

  test('a clear surge over enough messages alerts', () => {
    const verdict = evaluateSurge({ total: 40, negative: 30 }, calm, DEFAULT_SURGE_RULE);
    expect(verdict.surging).toBe(true);
    expect(verdict.negativeShare).toBeCloseTo(0.75);
    expect(verdict.baselineShare).toBeCloseTo(0.1, 2);
  });

  test('too few messages never alert, however angry', () => {
    expect(
      evaluateSurge({ total: 2, negative: 2 }, { total: 0, negative: 0 }, DEFAULT_SURGE_RULE).surging,
    ).toBe(false);
    expect(evaluateSurge({ total: 29, negative: 29 }, calm, DEFAULT_SURGE_RULE).surging).toBe(false);
  });

  test('noise in a small window is not a surge (12 of 32 when 15 % is usual)', () => {
    const usual = { total: 1000, negative: 150 };
    expect(evaluateSurge({ total: 32, negative: 12 }, usual, DEFAULT_SURGE_RULE).surging).toBe(false);
  });

  test('a slice without enough history never alerts (its usual share is unknown)', () => {
    const young = { total: 99, negative: 5 };
    expect(evaluateSurge({ total: 40, negative: 30 }, young, DEFAULT_SURGE_RULE).surging).toBe(false);
    expect(
      evaluateSurge({ total: 40, negative: 30 }, { total: 100, negative: 5 }, DEFAULT_SURGE_RULE).surging,
    ).toBe(true);
  });

  test('a slice that is always angry does not alert for being angry as usual', () => {
    expect(
      evaluateSurge({ total: 40, negative: 24 }, { total: 2000, negative: 1100 }, DEFAULT_SURGE_RULE).surging,
    ).toBe(false);
  });

  test('Wilson lower bound is below the observed share and 0 without trials', () => {
    expect(wilsonLowerBound(0, 0, 1.645)).toBe(0);
    expect(wilsonLowerBound(20, 25, 1.645)).toBeLessThan(0.8);
    expect(wilsonLowerBound(20, 25, 1.645)).toBeGreaterThan(0.6);
  });
});

describe('NegativeSurgeDetector', () => {
  test('synthetic surge: a burst in one intent on one channel after a calm baseline → exactly one alert, naming both', async () => {
    const sim = new Simulation();
    await sim.play(3 * 60, CALM_TRAFFIC);
    expect(sim.alerts).toEqual([]);
    await sim.play(10, [...CALM_TRAFFIC, ANGRY_CARDS_ON_WEBCHAT]);
    expect(sim.alerts).toHaveLength(1);
    const [alert] = sim.alerts;
    expect(alert).toMatchObject({ intent: 'card_declined', channelId: 'webchat', windowMs: 15 * MINUTE_MS });
    expect(alert!.negativeShare).toBeGreaterThan(0.3);
    expect(alert!.baselineShare).toBeLessThan(0.2);
    expect(alert!.messages).toBeGreaterThanOrEqual(DEFAULT_SURGE_RULE.minMessages);
    expect(alert!.summary).toContain('intent card_declined on webchat');
    expect(Date.parse(alert!.raisedAt)).toBeLessThanOrEqual(sim.now);
  });

  test('cooldown: a second burst inside the cooldown is not alerted, one after it is', async () => {
    const sim = new Simulation({ seed: 7 });
    const burst = [...CALM_TRAFFIC, ANGRY_CARDS_ON_WEBCHAT];
    await sim.play(4 * 60, CALM_TRAFFIC);
    await sim.play(10, burst);
    expect(sim.alerts).toHaveLength(1);
    await sim.play(20, CALM_TRAFFIC);
    await sim.play(10, burst);
    expect(sim.alerts).toHaveLength(1);
    await sim.play(40, CALM_TRAFFIC);
    await sim.play(10, burst);
    expect(sim.alerts).toHaveLength(2);
    expect(sim.alerts[1]).toMatchObject({ intent: 'card_declined', channelId: 'webchat' });
    const gap = Date.parse(sim.alerts[1]!.raisedAt) - Date.parse(sim.alerts[0]!.raisedAt);
    expect(gap).toBeGreaterThanOrEqual(HOUR_MS);
  });

  test('synthetic quiet period: six hours of a normal mix with noise and small angry clusters → no alert', async () => {
    const sim = new Simulation({ seed: 1234 });
    const cluster: Stream = { intent: 'balance', channelId: 'sms', perMinute: 0.05, negativeShare: 1 };
    for (let hour = 0; hour < 6; hour++) {
      await sim.play(55, CALM_TRAFFIC);
      // Two or three angry messages at once, now and then: the 3 am case.
      await sim.play(5, [...CALM_TRAFFIC, { ...cluster, perMinute: 0.6 }]);
    }
    expect(sim.alerts).toEqual([]);
  });

  test('a low-volume slice never alerts, even when every message is negative', async () => {
    const sim = new Simulation({ seed: 99 });
    await sim.play(60, [{ intent: 'mortgage', channelId: 'voice', perMinute: 0.2, negativeShare: 0 }]);
    await sim.play(4 * 60, [{ intent: 'mortgage', channelId: 'voice', perMinute: 1, negativeShare: 1 }]);
    expect(sim.alerts).toEqual([]);
  });

  test('a surge spread thin over many intents of a channel is reported once, for the channel', async () => {
    const sim = new Simulation({ seed: 5 });
    await sim.play(2 * 60, CALM_TRAFFIC);
    // Ten intents, each too quiet to alert alone (≈ 7 messages in 15 min), together clearly angry.
    const angrySms = Array.from({ length: 10 }, (_, i) => ({
      intent: `intent_${i}`,
      channelId: 'sms',
      perMinute: 0.5,
      negativeShare: 0.9,
    }));
    await sim.play(15, [...CALM_TRAFFIC, ...angrySms]);
    expect(sim.alerts.map((a) => [a.intent, a.channelId])).toEqual([[undefined, 'sms']]);
  });

  test('memory stays bounded: buckets expire, a day and a half of traffic keeps only ~a day of buckets', async () => {
    const clock = { now: 0 };
    const counter = new MemoryBucketCounter({ now: () => clock.now });
    const sim = new Simulation({ counter, seed: 3 });
    Object.defineProperty(clock, 'now', { get: () => sim.now });
    await sim.play(36 * 60, [{ intent: 'balance', channelId: 'webchat', perMinute: 1, negativeShare: 0.1 }]);
    // 4 slices × (16 one-minute buckets + 26 hourly buckets), plus cooldown claims.
    expect(counter.size).toBeLessThanOrEqual(4 * (16 + 26) + 4);
  });

  test('the memory counter never holds more than maxEntries', async () => {
    let now = 0;
    const counter = new MemoryBucketCounter({ now: () => now, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) {
      now += 1000;
      await counter.add([{ series: `s${i}`, bucket: 1, negative: false, ttlMs: HOUR_MS }]);
    }
    expect(counter.size).toBeLessThanOrEqual(100);
  });
});
