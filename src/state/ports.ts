/**
 * The state ports: every piece of shared state sits behind one of these interfaces, with an
 * embedded (in-memory) implementation for `npm start` and a Redis one for production.
 * Each port has one conformance suite in `test/conformance/` that every implementation passes.
 */
import type { Storage } from 'botbuilder-core';
import type { Redis } from 'ioredis';

export type { Storage, StoreItems } from 'botbuilder-core';

/** A lock currently held on a resource. */
export interface LockHandle {
  /** The locked resource (e.g. `turn:webchat:abc`). */
  readonly resource: string;
  /**
   * A number that grows with every acquisition of this resource: writers pass it along so that a
   * holder that lost its lock (stalled past its ttl) can be refused by the store it writes to.
   */
  readonly fencingToken: number;
  /** True while the lock is believed held (not released, not lost). */
  isHeld(): boolean;
  /** Throws `LockLostError` when the lock was lost (expired or taken over). */
  assertHeld(): Promise<void>;
  /** Releases the lock; idempotent; never throws for an already lost lock. */
  release(): Promise<void>;
}

/** Options of one lock acquisition. */
export interface AcquireLockOptions {
  /** How long to wait for the lock before `LockTimeoutError`. */
  waitMs?: number;
  /** How long the lock lives without renewal; the holder renews it automatically while held. */
  ttlMs?: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

/**
 * Mutual exclusion per resource, fair (first come, first served) so turns keep their order.
 * Used by the turn-lock middleware so that turns of one conversation never interleave.
 */
export interface LockService {
  acquire(resource: string, options?: AcquireLockOptions): Promise<LockHandle>;
  close(): Promise<void>;
}

/**
 * Remembers platform message ids so that a redelivered webhook is not handled twice.
 * `claim` is atomic: of two concurrent claims of one key, exactly one returns true.
 */
export interface DedupeStore {
  /** True when `key` was not seen within `ttlMs` (and records it); false for a duplicate. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets `key`, so that a redelivery after a failed turn is handled again. */
  forget(key: string): Promise<void>;
  /**
   * Keeps a claimed `key` for `ttlMs` from now (the turn completed: its short processing lease
   * becomes the full dedupe window). A key that lapsed meanwhile is claimed again.
   */
  confirm(key: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A handler of bus messages. */
export type BusHandler = (message: string) => void;

/**
 * Publish/subscribe between the processes of one deployment (web chat fan-out, live console
 * updates). In-memory within one process; Redis pub/sub across processes.
 */
export interface MessageBus {
  publish(channel: string, message: string): Promise<void>;
  /** Subscribes `handler`; resolves once the subscription is active; returns an unsubscribe function. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One entry of a conversation's reply log. */
export interface ReplyLogEntry {
  /** Monotonic sequence number within the conversation, starting at 1. */
  seq: number;
  /** The serialized reply. */
  payload: string;
}

/** How an appended entry is announced on the message bus: `before + seq + after` on `channel`. */
export interface ReplyAnnouncement {
  /** The bus channel (as given to `MessageBus.publish`). */
  channel: string;
  before: string;
  after: string;
}

/**
 * The replies sent to each conversation, kept (bounded) so that a reconnecting client can catch
 * up on what it missed. Sequence numbers are per conversation, strictly increasing, gap-free.
 */
export interface ReplyLog {
  /**
   * Appends `payload`; with `announce`, also publishes `before + seq + after` on the bus channel
   * `announce.channel`, in the same step (one Redis script), so subscribers hear of every entry
   * with its sequence number without a second command, and never of an entry that was not logged.
   */
  append(conversationId: string, payload: string, announce?: ReplyAnnouncement): Promise<ReplyLogEntry>;
  /** Entries with `seq > afterSeq`, oldest first, at most `limit`. */
  readAfter(conversationId: string, afterSeq: number, limit?: number): Promise<ReplyLogEntry[]>;
  /** Deletes a conversation's log (erasure). */
  delete(conversationId: string): Promise<void>;
  close(): Promise<void>;
}

/** The set of state services one deployment uses, chosen by configuration. */
export interface StateServices {
  /** `memory` for the embedded default, `redis` in production. */
  readonly kind: 'memory' | 'redis';
  readonly storage: Storage;
  readonly locks: LockService;
  readonly dedupe: DedupeStore;
  readonly bus: MessageBus;
  readonly replies: ReplyLog;
  /**
   * The shared Redis connection and key prefix when `kind` is `redis`, for components that need
   * Redis itself (rate limits, session revocation); undefined in memory.
   */
  readonly redis?: { readonly client: Redis; readonly keyPrefix: string };
  /** Resolves when every backing connection is usable. */
  ready(): Promise<void>;
  /** Closes every connection; idempotent. */
  close(): Promise<void>;
}
