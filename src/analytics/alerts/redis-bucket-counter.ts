import type { Redis } from 'ioredis';
import type { BucketCount, BucketCounter, BucketIncrement, BucketRange } from './bucket-counter';

/** Options of {@link RedisBucketCounter}. */
export interface RedisBucketCounterOptions {
  /** A command connection (not owned: the caller quits it). */
  redis: Redis;
  /** Prepended to every key; default `swb:`. */
  keyPrefix?: string;
}

/**
 * {@link BucketCounter} on Redis, shared by every process of a deployment: each bucket is two
 * counters, `<prefix>surge:<series>:<bucket>:t` (messages) and `…:n` (negative ones), bumped with
 * `INCR` and given a `PEXPIRE`, all of one message in one pipeline; sums are one `MGET`. The
 * cooldown is `SET NX PX`, so exactly one process raises an alert.
 *
 * @example
 * const counter = new RedisBucketCounter({ redis: state.redis.client, keyPrefix: state.redis.keyPrefix });
 */
export class RedisBucketCounter implements BucketCounter {
  private readonly prefix: string;

  constructor(private readonly options: RedisBucketCounterOptions) {
    this.prefix = `${options.keyPrefix ?? 'swb:'}surge:`;
  }

  async add(increments: readonly BucketIncrement[]): Promise<void> {
    const pipeline = this.options.redis.pipeline();
    for (const { series, bucket, negative, ttlMs } of increments) {
      const key = this.key(series, bucket);
      pipeline.incr(`${key}:t`).pexpire(`${key}:t`, ttlMs);
      if (negative) pipeline.incr(`${key}:n`).pexpire(`${key}:n`, ttlMs);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async sum(ranges: readonly BucketRange[]): Promise<BucketCount[]> {
    const keys = ranges.flatMap(({ series, buckets }) =>
      buckets.flatMap((bucket) => [`${this.key(series, bucket)}:t`, `${this.key(series, bucket)}:n`]),
    );
    if (keys.length === 0) return ranges.map(() => ({ total: 0, negative: 0 }));
    const values = await this.options.redis.mget(...keys);
    let at = 0;
    return ranges.map(({ buckets }) => {
      const sum = { total: 0, negative: 0 };
      for (let i = 0; i < buckets.length; i++) {
        sum.total += Number(values[at++] ?? 0);
        sum.negative += Number(values[at++] ?? 0);
      }
      return sum;
    });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.options.redis.set(`${this.prefix}claim:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  private key(series: string, bucket: number): string {
    return `${this.prefix}${series}:${bucket}`;
  }
}
