/** Simulated customer traffic for the surge detector's tests: a fake clock and a seeded RNG. */
import type { SentimentAlert } from '../../../src/analytics/alerts/alert';
import type { BucketCounter } from '../../../src/analytics/alerts/bucket-counter';
import { MemoryBucketCounter } from '../../../src/analytics/alerts/memory-bucket-counter';
import {
  NegativeSurgeDetector,
  type SurgeDetectorOptions,
} from '../../../src/analytics/alerts/surge-detector';
import { seededRandom } from '../../../src/nlu/train/random';

export { seededRandom };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** 2026-03-02T00:00:00Z: a Monday, on a bucket boundary. */
export const START_MS = Date.UTC(2026, 2, 2);

/** A stream of traffic: one slice's messages per minute and their chance of being negative. */
export interface Stream {
  intent?: string;
  channelId: string;
  perMinute: number;
  negativeShare: number;
}

/** A detector on a fake clock, and helpers to play minutes of traffic through it. */
export class Simulation {
  now = START_MS;
  readonly alerts: SentimentAlert[] = [];
  readonly counter: BucketCounter;
  readonly detector: NegativeSurgeDetector;
  private readonly random: () => number;

  constructor(options: Partial<SurgeDetectorOptions> & { seed?: number } = {}) {
    this.random = seededRandom(options.seed ?? 42);
    this.counter = options.counter ?? new MemoryBucketCounter({ now: () => this.now });
    this.detector = new NegativeSurgeDetector({ ...options, counter: this.counter, now: () => this.now });
  }

  /** Plays `minutes` of the streams, messages spread evenly inside each minute. */
  async play(minutes: number, streams: readonly Stream[]): Promise<void> {
    for (let m = 0; m < minutes; m++) {
      const minuteStart = this.now;
      const messages = streams.flatMap((s) => this.messagesOf(s));
      for (let i = 0; i < messages.length; i++) {
        this.now = minuteStart + Math.floor((i * MINUTE_MS) / Math.max(messages.length, 1));
        this.alerts.push(...(await this.detector.observe(messages[i]!)));
      }
      this.now = minuteStart + MINUTE_MS;
    }
  }

  private messagesOf(stream: Stream) {
    // Fractional rates: 0.1 per minute is one message every ten minutes on average.
    const whole = Math.floor(stream.perMinute);
    const count = whole + (this.random() < stream.perMinute - whole ? 1 : 0);
    return Array.from({ length: count }, () => ({
      intent: stream.intent,
      channelId: stream.channelId,
      negative: this.random() < stream.negativeShare,
    }));
  }
}

/** A normal day: four intent × channel streams, 8–12 % negative. */
export const CALM_TRAFFIC: Stream[] = [
  { intent: 'card_declined', channelId: 'webchat', perMinute: 2, negativeShare: 0.12 },
  { intent: 'card_declined', channelId: 'sms', perMinute: 1, negativeShare: 0.1 },
  { intent: 'balance', channelId: 'webchat', perMinute: 3, negativeShare: 0.08 },
  { intent: 'balance', channelId: 'slack', perMinute: 1, negativeShare: 0.08 },
];
