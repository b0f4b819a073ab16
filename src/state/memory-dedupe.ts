import { z } from 'zod';
import { ShuttingDownError } from '../errors';
import { checkClaimTtl } from './dedupe-ttl';
import { durationMsSchema, parseOptions } from './parse-options';
import type { DedupeStore } from './ports';

/** How often expired keys are swept; lookups also expire lazily, so this only bounds memory. */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** Options of {@link MemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** How often expired keys are dropped; default 60 s. */
  sweepIntervalMs?: number;
  /** Clock in ms, injectable for tests; default `Date.now`. */
  now?: () => number;
}

const optionsSchema = z.strictObject({
  sweepIntervalMs: durationMsSchema.default(DEFAULT_SWEEP_INTERVAL_MS),
  now: z.custom<() => number>((value) => typeof value === 'function').default(() => Date.now),
});

/**
 * The embedded `DedupeStore`: a map from key to expiry time. Expired keys count as unseen on
 * lookup and are swept periodically (the timer is unref'd, so it never keeps the process alive).
 *
 * @example
 * if (!(await dedupe.claim(`slack:${eventId}`, 10 * 60_000))) return; // a retry: already handled
 */
export class MemoryDedupeStore implements DedupeStore {
  readonly #expiresAt = new Map<string, number>();
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;
  #closing: Promise<void> | undefined;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const parsed = parseOptions(optionsSchema, options, 'MemoryDedupeStore');
    this.#now = parsed.now;
    this.#sweeper = setInterval(() => this.#sweep(), parsed.sweepIntervalMs);
    this.#sweeper.unref();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    this.#assertOpen();
    checkClaimTtl(ttlMs);
    const now = this.#now();
    const expiresAt = this.#expiresAt.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.#expiresAt.set(key, now + ttlMs);
    return true;
  }

  async forget(key: string): Promise<void> {
    this.#assertOpen();
    this.#expiresAt.delete(key);
  }

  async confirm(key: string, ttlMs: number): Promise<void> {
    this.#assertOpen();
    checkClaimTtl(ttlMs);
    this.#expiresAt.set(key, this.#now() + ttlMs);
  }

  /** Stops the sweeper and drops every key; idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.resolve().then(() => {
      clearInterval(this.#sweeper);
      this.#expiresAt.clear();
    });
    return this.#closing;
  }

  /** Number of keys held, expired or not (for tests and metrics). */
  get size(): number {
    return this.#expiresAt.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, expiresAt] of this.#expiresAt) {
      if (expiresAt <= now) this.#expiresAt.delete(key);
    }
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
