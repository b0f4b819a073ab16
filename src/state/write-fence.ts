import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is writing: the lock resource and the fencing token of the holder making the write. */
export interface WriteFence {
  /** The locked resource (e.g. `turn:webchat:abc`). */
  resource: string;
  /** The holder's fencing token (`LockHandle.fencingToken`). */
  token: number;
}

const scope = new AsyncLocalStorage<WriteFence>();

/**
 * Runs `work` with `fence` attached: the storage writes it makes (`RedisStorage`, `MemoryStorage`)
 * are refused with `LockFencedError` (`SWB_ERR_LOCK_FENCED`) when a newer holder took the lock
 * since, so a process that stalled past its lock's ttl cannot overwrite its successor's state.
 *
 * Keep `work` short and self-contained (a state save): a timer started inside it would carry the
 * fence into a later write and be refused.
 *
 * @example
 * await withWriteFence({ resource: lock.resource, token: lock.fencingToken }, () => state.saveChanges(context));
 */
export function withWriteFence<T>(fence: WriteFence, work: () => Promise<T>): Promise<T> {
  return scope.run(fence, work);
}

/** The fence of the write being made, if it runs inside {@link withWriteFence}. */
export function currentWriteFence(): WriteFence | undefined {
  return scope.getStore();
}

/** Knows which fencing token of a resource is the latest (the embedded lock service). */
export interface FenceAuthority {
  /** True when `fence.token` belongs to the current holder of `fence.resource`. */
  isCurrentFence(fence: WriteFence): boolean;
}
