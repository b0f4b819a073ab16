import type { BucketCount } from './bucket-counter';

/** When a window's negative share counts as a surge. */
export interface SurgeRule {
  /** The window's share must be at least this many times the baseline share. */
  ratio: number;
  /** …and at least this much above it, in share points (0.15 = 15 points). */
  minIncrease: number;
  /** Fewer customer messages than this in the window never alert (2 angry messages at 3 am). */
  minMessages: number;
  /**
   * A slice needs this many messages of history (outside the window) before it can alert: until
   * then its usual share is unknown (a new intent, or every slice after a restart with the memory
   * counter), and a naturally negative intent would alert just for being itself.
   */
  minBaselineMessages: number;
  /** The baseline share assumed for a slice without history… */
  priorShare: number;
  /** …weighted like this many messages, so a new slice's baseline starts there and moves with data. */
  priorWeight: number;
}

/**
 * Defaults: double the usual share and 15 points above it, over at least 30 messages in the
 * window, for a slice with at least 100 messages of history. 30 rather than 20: in five simulated
 * weeks of steady traffic on 24 slices (`bench/surge-detector.ts`) 20 gave two false alarms, 30
 * none, and a real surge was caught as fast. Prior: 10 % negative, worth
 * 20 messages; it smooths the baseline of slices with little history.
 */
export const DEFAULT_SURGE_RULE: SurgeRule = {
  ratio: 2,
  minIncrease: 0.15,
  minMessages: 30,
  minBaselineMessages: 100,
  priorShare: 0.1,
  priorWeight: 20,
};

/**
 * One-sided 99 % confidence: the window is compared through the lower bound of its share's Wilson
 * interval, so random noise in a small window (12 negative of 32 when 15 % is usual) does not alert,
 * while a real surge (30 of 40) does. 99 % rather than 95 % because every negative message looks at
 * the window again (repeated looks multiply the chances of a fluke).
 */
export const SURGE_CONFIDENCE_Z = 2.326;

/** The outcome of {@link evaluateSurge}. */
export interface SurgeVerdict {
  surging: boolean;
  /** The window's observed negative share. */
  negativeShare: number;
  /** The window's share, lower bound of its one-sided 99 % interval. */
  negativeShareLowerBound: number;
  /** The smoothed baseline share. */
  baselineShare: number;
}

/**
 * Decides whether `window` surges over `baseline` (pure). A surge needs at least `minMessages` in
 * the window, `minBaselineMessages` of history, and the lower confidence bound of the window's share at least `ratio` × the baseline
 * share and `minIncrease` above it. The baseline share is smoothed towards `priorShare`.
 */
export function evaluateSurge(window: BucketCount, baseline: BucketCount, rule: SurgeRule): SurgeVerdict {
  const baselineShare =
    (baseline.negative + rule.priorShare * rule.priorWeight) / (baseline.total + rule.priorWeight);
  const negativeShare = window.total === 0 ? 0 : window.negative / window.total;
  const lower = wilsonLowerBound(window.negative, window.total, SURGE_CONFIDENCE_Z);
  const surging =
    window.total >= rule.minMessages &&
    baseline.total >= rule.minBaselineMessages &&
    lower >= baselineShare * rule.ratio &&
    lower - baselineShare >= rule.minIncrease;
  return { surging, negativeShare, negativeShareLowerBound: lower, baselineShare };
}

/** Lower bound of the Wilson score interval of `successes` out of `trials`. */
export function wilsonLowerBound(successes: number, trials: number, z: number): number {
  if (trials === 0) return 0;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}
