import { randomUUID } from 'node:crypto';
import type { SentimentAlert } from './alert';
import type { BucketCount, BucketCounter, BucketIncrement, BucketRange } from './bucket-counter';
import { DEFAULT_SURGE_RULE, evaluateSurge, type SurgeRule } from './surge-rule';
import { covers, describeSlice, sliceKey, slicesOf, type TrafficSlice } from './traffic-slice';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Timings of the detector; every field has a default. */
export interface SurgeTimings {
  /** The rolling window compared against the baseline (default 15 min). */
  windowMs: number;
  /** Granularity of the window's buckets (default 1 min: the window is its last 15 buckets). */
  windowBucketMs: number;
  /** The trailing period of the baseline (default 24 h). */
  baselineMs: number;
  /** Granularity of the baseline's buckets (default 1 h). */
  baselineBucketMs: number;
  /** After an alert, the same slice stays quiet this long (default 1 h), across processes. */
  cooldownMs: number;
}

/** The default {@link SurgeTimings}. */
export const DEFAULT_SURGE_TIMINGS: SurgeTimings = {
  windowMs: 15 * MINUTE_MS,
  windowBucketMs: MINUTE_MS,
  baselineMs: 24 * HOUR_MS,
  baselineBucketMs: HOUR_MS,
  cooldownMs: HOUR_MS,
};

/** Options of {@link NegativeSurgeDetector}. */
export interface SurgeDetectorOptions extends Partial<SurgeTimings> {
  /** Where the counts live: memory (one process) or Redis (shared). */
  counter: BucketCounter;
  rule?: Partial<SurgeRule>;
  now?: () => number;
  newId?: () => string;
}

/** One customer message as the detector sees it. */
export interface ObservedMessage {
  channelId: string;
  /** The message's intent; absent when no NLU ran (a customer talking to an agent). */
  intent?: string;
  negative: boolean;
}

interface SliceCounts {
  slice: TrafficSlice;
  window: BucketCount;
  baseline: BucketCount;
}

/**
 * Raises an alert when the share of negative customer messages in a slice of traffic (all, per
 * intent, per channel, per intent × channel) rises well above that slice's usual share.
 *
 * Each message adds to time-bucketed counters (fine buckets for the window, hourly ones for the
 * baseline): memory is bounded by the number of slices, never by traffic. The baseline is the
 * slice's trailing ~24 h minus the window, so a surge does not lift its own baseline. A surge is
 * reported once, at the most specific slice that shows it: the broader slices containing an
 * alerted one stay quiet for the cooldown (unless, in the same evaluation, they still surge with
 * its messages taken out). A cooldown per slice, claimed in the counter (Redis: `SET NX`), keeps
 * every process but one quiet.
 *
 * @example
 * const detector = new NegativeSurgeDetector({ counter: new MemoryBucketCounter() });
 * const alerts = await detector.observe({ channelId: 'webchat', intent: 'card_declined', negative: true });
 */
export class NegativeSurgeDetector {
  readonly timings: SurgeTimings;
  readonly rule: SurgeRule;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: SurgeDetectorOptions) {
    const { counter: _counter, rule, now, newId, ...timings } = options;
    this.timings = { ...DEFAULT_SURGE_TIMINGS, ...definedOnly(timings) };
    this.rule = { ...DEFAULT_SURGE_RULE, ...definedOnly(rule ?? {}) };
    this.now = now ?? Date.now;
    this.newId = newId ?? randomUUID;
  }

  /**
   * Counts one customer message; resolves with the alerts it raised (usually none). Only a negative
   * message can start a surge, so only negative messages trigger an evaluation (one read of the
   * message's slices' buckets).
   */
  async observe(message: ObservedMessage): Promise<SentimentAlert[]> {
    const at = this.now();
    const slices = slicesOf(message);
    await this.options.counter.add(this.increments(slices, message.negative, at));
    return message.negative ? this.evaluate(slices, at) : [];
  }

  private increments(slices: TrafficSlice[], negative: boolean, at: number): BucketIncrement[] {
    const { windowMs, windowBucketMs, baselineMs, baselineBucketMs } = this.timings;
    return slices.flatMap((slice) => [
      {
        series: `w|${sliceKey(slice)}`,
        bucket: Math.floor(at / windowBucketMs),
        negative,
        ttlMs: windowMs + windowBucketMs,
      },
      {
        series: `b|${sliceKey(slice)}`,
        bucket: Math.floor(at / baselineBucketMs),
        negative,
        ttlMs: baselineMs + 2 * baselineBucketMs,
      },
    ]);
  }

  private async evaluate(slices: TrafficSlice[], at: number): Promise<SentimentAlert[]> {
    const counts = await this.read(slices, at);
    const raised: SliceCounts[] = [];
    const surging: SliceCounts[] = [];
    for (const current of counts) {
      const own = evaluateSurge(current.window, current.baseline, this.rule);
      if (!own.surging) continue;
      const inner = surging.find((s) => covers(current.slice, s.slice));
      surging.push(current);
      if (inner && !this.surgesWithout(current, inner)) continue;
      if (await this.claimCooldown(current.slice)) raised.push(current);
    }
    await this.silenceAncestors(raised, counts);
    return raised.map((c) => this.alertOf(c, at));
  }

  /** True when `outer` still surges with `inner`'s messages taken out (the surge is broader). */
  private surgesWithout(outer: SliceCounts, inner: SliceCounts): boolean {
    const window = minus(outer.window, inner.window);
    return evaluateSurge(window, minus(outer.baseline, inner.baseline), this.rule).surging;
  }

  /**
   * Once a slice alerted, the broader slices containing it stay quiet for the cooldown, so one
   * incident is one alert; a broader slice alerts only when no narrower one shows the surge.
   */
  private async silenceAncestors(raised: SliceCounts[], counts: SliceCounts[]): Promise<void> {
    for (const alerted of raised) {
      for (const { slice } of counts) {
        if (slice !== alerted.slice && covers(slice, alerted.slice)) await this.claimCooldown(slice);
      }
    }
  }

  private claimCooldown(slice: TrafficSlice): Promise<boolean> {
    return this.options.counter.claim(`cooldown|${sliceKey(slice)}`, this.timings.cooldownMs);
  }

  private async read(slices: TrafficSlice[], at: number): Promise<SliceCounts[]> {
    const { windowMs, windowBucketMs, baselineMs, baselineBucketMs } = this.timings;
    const windowBuckets = range(Math.floor(at / windowBucketMs), Math.ceil(windowMs / windowBucketMs));
    const lastBaseline = Math.floor(at / baselineBucketMs);
    const baselineBuckets = range(
      lastBaseline,
      lastBaseline - Math.floor((at - baselineMs) / baselineBucketMs) + 1,
    );
    const ranges: BucketRange[] = slices.flatMap((slice) => [
      { series: `w|${sliceKey(slice)}`, buckets: windowBuckets },
      { series: `b|${sliceKey(slice)}`, buckets: baselineBuckets },
    ]);
    const sums = await this.options.counter.sum(ranges);
    return slices.map((slice, i) => {
      const window = sums[2 * i] ?? { total: 0, negative: 0 };
      const trailing = sums[2 * i + 1] ?? { total: 0, negative: 0 };
      // The hourly buckets include the window's messages: take them out of the baseline.
      return { slice, window, baseline: minus(trailing, window) };
    });
  }

  private alertOf(counts: SliceCounts, at: number): SentimentAlert {
    const { slice, window } = counts;
    const { negativeShare, baselineShare } = evaluateSurge(window, counts.baseline, this.rule);
    const { windowMs } = this.timings;
    const pct = (share: number) => `${Math.round(share * 100)} %`;
    const summary =
      `Negative sentiment surge, ${describeSlice(slice)}: ${pct(negativeShare)} of ${window.total} customer ` +
      `messages in the last ${Math.round(windowMs / MINUTE_MS)} min were negative (usually ${pct(baselineShare)}).`;
    return {
      id: this.newId(),
      raisedAt: new Date(at).toISOString(),
      ...slice,
      negativeShare,
      baselineShare,
      messages: window.total,
      windowMs,
      summary,
    };
  }
}

/** `count` bucket indexes ending at `last`, oldest first. */
function range(last: number, count: number): number[] {
  return Array.from({ length: Math.max(count, 0) }, (_, i) => last - count + 1 + i);
}

function minus(a: BucketCount, b: BucketCount): BucketCount {
  return { total: Math.max(0, a.total - b.total), negative: Math.max(0, a.negative - b.negative) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
