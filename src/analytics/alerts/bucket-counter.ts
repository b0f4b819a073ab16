/** Messages counted in one time bucket (or a sum of buckets) of one series. */
export interface BucketCount {
  total: number;
  negative: number;
}

/** One message added to one bucket of one series. */
export interface BucketIncrement {
  /** The series, e.g. `w|intent=card_declined|channel=webchat` (granularity and slice). */
  series: string;
  /** `Math.floor(timeMs / granularityMs)`. */
  bucket: number;
  negative: boolean;
  /** The bucket is forgotten this long after its last increment. */
  ttlMs: number;
}

/** Buckets of one series to sum. */
export interface BucketRange {
  series: string;
  buckets: readonly number[];
}

/**
 * Time-bucketed message counts, the surge detector's only state: a bounded number of counters,
 * never message lists. {@link MemoryBucketCounter} serves one process; the Redis one
 * (`RedisBucketCounter`) shares the counts and cooldowns between every process of a deployment.
 */
export interface BucketCounter {
  /** Adds one message to each bucket. */
  add(increments: readonly BucketIncrement[]): Promise<void>;
  /** The sum of each range's buckets (missing buckets count zero), in order. */
  sum(ranges: readonly BucketRange[]): Promise<BucketCount[]>;
  /** Takes `key` for `ttlMs` if nobody holds it: true for exactly one caller (the cooldown). */
  claim(key: string, ttlMs: number): Promise<boolean>;
}
