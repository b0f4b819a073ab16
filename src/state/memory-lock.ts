import { LockTimeoutError, ShuttingDownError } from '../errors';
import {
  abortReason,
  type LockServiceOptions,
  type ResolvedAcquireOptions,
  resolveAcquireOptions,
} from './lock-options';
import { MemoryLockHandle } from './memory-lock-handle';
import type { AcquireLockOptions, LockHandle, LockService } from './ports';
import type { FenceAuthority, WriteFence } from './write-fence';

interface Waiter {
  ttlMs: number;
  grant(handle: MemoryLockHandle): void;
  fail(error: unknown): void;
}

interface ResourceQueue {
  holder: MemoryLockHandle | undefined;
  waiters: Waiter[];
}

/**
 * The embedded `LockService`: per-resource FIFO queues in this process.
 *
 * A released lock passes straight to the oldest waiter, so turns run in arrival order. Fencing
 * tokens come from one counter per service, so they grow for every resource. Held locks never
 * expire while the process lives (that is what renewal achieves in Redis), unless `autoRenew` is
 * false, when they lapse after their ttl and the handle reports the loss.
 *
 * @example
 * const lock = await locks.acquire(`turn:${conversationId}`, { waitMs: 5_000 });
 * try { await runTurn(); } finally { await lock.release(); }
 */
export class MemoryLockService implements LockService, FenceAuthority {
  readonly #queues = new Map<string, ResourceQueue>();
  readonly #autoRenew: boolean;
  #lastFencingToken = 0;
  #closing: Promise<void> | undefined;

  constructor(options: LockServiceOptions = {}) {
    this.#autoRenew = options.autoRenew ?? true;
  }

  async acquire(resource: string, options?: AcquireLockOptions): Promise<LockHandle> {
    if (this.#closing) throw new ShuttingDownError();
    const resolved = resolveAcquireOptions(resource, options);
    if (resolved.signal?.aborted) throw abortReason(resolved.signal);
    const queue = this.#queueOf(resource);
    if (!queue.holder && queue.waiters.length === 0) return this.#grant(resource, queue, resolved.ttlMs);
    return this.#wait(resource, queue, resolved);
  }

  /** True when `fence.token` is the token of the current holder of `fence.resource`. */
  isCurrentFence(fence: WriteFence): boolean {
    return this.#queues.get(fence.resource)?.holder?.fencingToken === fence.token;
  }

  /** How many resources are held or waited for (the others are forgotten, so memory stays bounded). */
  get activeResources(): number {
    return this.#queues.size;
  }

  /** Fails every waiter with `ShuttingDownError` and releases every held lock; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const queue of [...this.#queues.values()]) {
      for (const waiter of queue.waiters.splice(0)) waiter.fail(new ShuttingDownError());
      await queue.holder?.release();
    }
  }

  #queueOf(resource: string): ResourceQueue {
    let queue = this.#queues.get(resource);
    if (queue === undefined) {
      queue = { holder: undefined, waiters: [] };
      this.#queues.set(resource, queue);
    }
    return queue;
  }

  #grant(resource: string, queue: ResourceQueue, ttlMs: number): MemoryLockHandle {
    this.#lastFencingToken += 1;
    const handle = new MemoryLockHandle({
      resource,
      fencingToken: this.#lastFencingToken,
      onEnd: (ended) => this.#handOff(resource, ended),
    });
    queue.holder = handle;
    if (!this.#autoRenew) handle.expireAfter(ttlMs);
    return handle;
  }

  /** Passes the lock to the oldest waiter, or forgets the resource when nobody waits. */
  #handOff(resource: string, ended: MemoryLockHandle): void {
    const queue = this.#queues.get(resource);
    if (queue?.holder !== ended) return;
    queue.holder = undefined;
    const next = queue.waiters.shift();
    if (next === undefined) this.#queues.delete(resource);
    else next.grant(this.#grant(resource, queue, next.ttlMs));
  }

  #wait(resource: string, queue: ResourceQueue, options: ResolvedAcquireOptions): Promise<LockHandle> {
    const { signal, waitMs, ttlMs } = options;
    return new Promise<LockHandle>((resolve, reject) => {
      const leave = (error: unknown): void => {
        this.#removeWaiter(resource, waiter);
        waiter.fail(error);
      };
      const onAbort = (): void => leave(abortReason(signal as AbortSignal));
      const timer = setTimeout(() => leave(new LockTimeoutError(resource, waitMs)), waitMs);
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        ttlMs,
        grant: (handle) => {
          settle();
          resolve(handle);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.waiters.push(waiter);
    });
  }

  #removeWaiter(resource: string, waiter: Waiter): void {
    const queue = this.#queues.get(resource);
    if (queue === undefined) return;
    const index = queue.waiters.indexOf(waiter);
    if (index >= 0) queue.waiters.splice(index, 1);
    if (!queue.holder && queue.waiters.length === 0) this.#queues.delete(resource);
  }
}
