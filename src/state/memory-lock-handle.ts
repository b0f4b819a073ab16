import { LockLostError } from '../errors';
import type { LockHandle } from './ports';

/** Options of {@link MemoryLockHandle}. */
export interface MemoryLockHandleOptions {
  resource: string;
  fencingToken: number;
  /** Called once when the handle stops holding the lock (released or lost). */
  onEnd: (handle: MemoryLockHandle) => void;
}

/** A lock held through `MemoryLockService`. */
export class MemoryLockHandle implements LockHandle {
  readonly resource: string;
  readonly fencingToken: number;
  #state: 'held' | 'released' | 'lost' = 'held';
  #expiry: NodeJS.Timeout | undefined;
  readonly #onEnd: (handle: MemoryLockHandle) => void;

  constructor(options: MemoryLockHandleOptions) {
    this.resource = options.resource;
    this.fencingToken = options.fencingToken;
    this.#onEnd = options.onEnd;
  }

  /** Makes the lock lapse after `ttlMs`, like an unrenewed Redis lock (used when auto-renew is off). */
  expireAfter(ttlMs: number): void {
    this.#expiry = setTimeout(() => this.#end('lost'), ttlMs);
    this.#expiry.unref();
  }

  isHeld(): boolean {
    return this.#state === 'held';
  }

  async assertHeld(): Promise<void> {
    if (this.#state !== 'held') throw new LockLostError(this.resource);
  }

  async release(): Promise<void> {
    this.#end('released');
  }

  #end(state: 'released' | 'lost'): void {
    if (this.#state !== 'held') return;
    this.#state = state;
    clearTimeout(this.#expiry);
    this.#onEnd(this);
  }
}
