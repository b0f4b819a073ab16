import { LockLostError } from '../errors';
import { RENEWALS_PER_TTL } from './lock-options';
import type { LockHandle } from './ports';
import type { ErrorReporter } from './report-error';

/** What a {@link RedisLockHandle} needs from its service. */
export interface RedisLockHandleOptions {
  resource: string;
  fencingToken: number;
  ttlMs: number;
  /** When the lock surely expires without renewal: the time the SET was sent, plus ttl. */
  validUntil: number;
  autoRenew: boolean;
  /** Extends the ttl if still owned; resolves false when the lock is gone. */
  renew: () => Promise<boolean>;
  /** Resolves true while Redis still holds the lock for this owner. */
  check: () => Promise<boolean>;
  /** Deletes the lock if still owned, and wakes the next waiter. */
  release: () => Promise<void>;
  /** Called once when the handle stops holding the lock (released or lost). */
  onEnd: (handle: RedisLockHandle) => void;
  onError: ErrorReporter;
}

/**
 * A lock held through `RedisLockService`. Renews itself every ttl/3 while held; believes itself
 * held only until `validUntil` (measured from when the command was sent, so it errs early), and
 * becomes lost when a renewal finds another owner or cannot reach Redis before that time.
 */
export class RedisLockHandle implements LockHandle {
  readonly resource: string;
  readonly fencingToken: number;
  #state: 'held' | 'released' | 'lost' = 'held';
  #validUntil: number;
  #renewing = false;
  #timer: NodeJS.Timeout | undefined;
  #released: Promise<void> | undefined;
  readonly #options: RedisLockHandleOptions;

  constructor(options: RedisLockHandleOptions) {
    this.resource = options.resource;
    this.fencingToken = options.fencingToken;
    this.#validUntil = options.validUntil;
    this.#options = options;
    if (options.autoRenew) {
      this.#timer = setInterval(
        () => void this.#renew(),
        Math.max(1, Math.floor(options.ttlMs / RENEWALS_PER_TTL)),
      );
      this.#timer.unref();
    }
  }

  isHeld(): boolean {
    return this.#state === 'held' && Date.now() < this.#validUntil;
  }

  async assertHeld(): Promise<void> {
    if (this.#state === 'held' && !this.isHeld()) this.#end('lost');
    if (this.#state !== 'held') throw new LockLostError(this.resource);
    if (await this.#options.check()) return;
    this.#end('lost');
    throw new LockLostError(this.resource);
  }

  /** Releases the lock; idempotent (same promise); never throws: on error the lock lapses at its ttl. */
  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<void> {
    this.#end('released');
    try {
      // Runs for a lost handle too: the owner check in Redis makes it harmless, and it may free
      // a lock that lapsed here by the local clock but not yet in Redis.
      await this.#options.release();
    } catch (error) {
      this.#options.onError(error, `releasing lock "${this.resource}" (it lapses at its ttl)`);
    }
  }

  async #renew(): Promise<void> {
    if (this.#renewing || this.#state !== 'held') return;
    this.#renewing = true;
    const sentAt = Date.now();
    try {
      if (await this.#options.renew()) this.#validUntil = sentAt + this.#options.ttlMs;
      else this.#end('lost');
    } catch (error) {
      this.#options.onError(error, `renewing lock "${this.resource}"`);
      if (Date.now() >= this.#validUntil) this.#end('lost');
    } finally {
      this.#renewing = false;
    }
  }

  #end(state: 'released' | 'lost'): void {
    if (this.#state !== 'held') return;
    this.#state = state;
    clearInterval(this.#timer);
    this.#options.onEnd(this);
  }
}
