import type { BucketCount, BucketCounter, BucketIncrement, BucketRange } from './bucket-counter';

interface Slot extends BucketCount {
  expiresAt: number;
}

/** Options of {@link MemoryBucketCounter}. */
export interface MemoryBucketCounterOptions {
  now?: () => number;
  /**
   * Most buckets and cooldowns kept; past it, expired ones are swept and then the oldest dropped.
   * 200,000 covers ~1,000 slices at the default granularities (15 + 25 buckets each) with room.
   */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 200_000;
/** Expired entries are swept at most this often (a sweep walks every entry). */
const SWEEP_EVERY_MS = 60_000;

/**
 * {@link BucketCounter} in this process's memory: the embedded default, and tests. Bounded: entries
 * expire with their ttl and the map never holds more than `maxEntries`.
 */
export class MemoryBucketCounter implements BucketCounter {
  private readonly slots = new Map<string, Slot>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryBucketCounterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Buckets and cooldowns held now (for tests of the bound). */
  get size(): number {
    return this.slots.size;
  }

  async add(increments: readonly BucketIncrement[]): Promise<void> {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    for (const { series, bucket, negative, ttlMs } of increments) {
      const key = `${series}@${bucket}`;
      const slot = this.live(key, now) ?? this.insert(key, now);
      slot.total++;
      if (negative) slot.negative++;
      slot.expiresAt = now + ttlMs;
    }
  }

  async sum(ranges: readonly BucketRange[]): Promise<BucketCount[]> {
    const now = this.now();
    return ranges.map(({ series, buckets }) => {
      const sum = { total: 0, negative: 0 };
      for (const bucket of buckets) {
        const slot = this.live(`${series}@${bucket}`, now);
        sum.total += slot?.total ?? 0;
        sum.negative += slot?.negative ?? 0;
      }
      return sum;
    });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (this.live(`claim:${key}`, now)) return false;
    this.insert(`claim:${key}`, now).expiresAt = now + ttlMs;
    return true;
  }

  private live(key: string, now: number): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot && slot.expiresAt <= now) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  private insert(key: string, now: number): Slot {
    if (this.slots.size >= this.maxEntries) this.makeRoom(now);
    const slot = { total: 0, negative: 0, expiresAt: now };
    this.slots.set(key, slot);
    return slot;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, slot] of this.slots) if (slot.expiresAt <= now) this.slots.delete(key);
  }

  private makeRoom(now: number): void {
    this.sweep(now);
    const oldest = this.slots.keys();
    while (this.slots.size >= this.maxEntries) {
      const next = oldest.next();
      if (next.done) break;
      this.slots.delete(next.value);
    }
  }
}
