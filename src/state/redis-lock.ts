import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { LockTimeoutError, ShuttingDownError } from '../errors';
import { abortReason, type LockServiceOptions, resolveAcquireOptions } from './lock-options';
import { LockWaiter } from './lock-waiter';
import { durationMsSchema, parseOptions } from './parse-options';
import type { AcquireLockOptions, LockHandle, LockService } from './ports';
import { quitRedis } from './redis-connection';
import { RedisLockHandle } from './redis-lock-handle';
import {
  ACQUIRE_SCRIPT,
  LEAVE_SCRIPT,
  type LockKeys,
  lockKeys,
  lockWakeChannel,
  RENEW_SCRIPT,
  scriptKeys,
} from './redis-lock-scripts';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';
import { type ErrorReporter, warnOnError } from './report-error';

/** Fallback retry interval of a waiter, should a wake message be lost (pub/sub is at-most-once). */
const DEFAULT_POLL_INTERVAL_MS = 200;

/** A waiter that has not polled for this many intervals is presumed dead and loses its place. */
const WAITER_LEASE_POLLS = 20;

/** How long an idle resource's fencing counter is kept (see ACQUIRE_SCRIPT: expiry is safe). */
const FENCE_IDLE_TTL_MS = 24 * 60 * 60 * 1000;

/** Options of {@link RedisLockService}. */
export interface RedisLockServiceOptions extends RedisServiceOptions, LockServiceOptions {
  /** Fallback retry interval while waiting (jittered ±50%); default 200 ms. */
  pollIntervalMs?: number;
  /** Receives renewal, release and subscriber failures; default: a process warning. */
  onError?: ErrorReporter;
}

const optionsSchema = z.strictObject({
  ...redisServiceOptionsShape,
  autoRenew: z.boolean().default(true),
  pollIntervalMs: durationMsSchema.default(DEFAULT_POLL_INTERVAL_MS),
  onError: z.custom<ErrorReporter>((value) => typeof value === 'function').default(() => warnOnError),
});

interface Attempt {
  resource: string;
  keys: LockKeys;
  token: string;
  ttlMs: number;
}

/**
 * `LockService` on Redis, for many processes: `SET NX PX` of a random owner token, released and
 * renewed by Lua scripts that compare the token, a fencing token per resource, and a fair queue.
 *
 * Waiters line up in a per-resource ZSET (arrival order), so the lock goes first come, first
 * served across processes. A release publishes the first waiter's token on one wake channel per
 * service prefix, which that waiter's service receives on its single subscriber connection; a
 * jittered poll covers lost messages, and a waiter that stops polling loses its place.
 *
 * @example
 * const locks = new RedisLockService({ redis, keyPrefix: 'swb:' });
 * const lock = await locks.acquire(`turn:${conversationId}`);
 * try { await runTurn(lock.fencingToken); } finally { await lock.release(); }
 */
export class RedisLockService implements LockService {
  readonly #options: ReturnType<typeof parseRedisLockOptions>;
  readonly #waiters = new Map<string, LockWaiter>();
  readonly #held = new Set<RedisLockHandle>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #subscriber: Redis | undefined;
  #subscribed: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: RedisLockServiceOptions) {
    this.#options = parseRedisLockOptions(options);
  }

  /** Waits in line for `resource`; see {@link AcquireLockOptions} for the limits. */
  acquire(resource: string, options?: AcquireLockOptions): Promise<LockHandle> {
    const acquisition = this.#acquire(resource, options);
    this.#inFlight.add(acquisition);
    const forget = (): void => void this.#inFlight.delete(acquisition);
    acquisition.then(forget, forget);
    return acquisition;
  }

  /** Fails waiters with `ShuttingDownError`, releases held locks, closes the subscriber; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #acquire(resource: string, options: AcquireLockOptions | undefined): Promise<LockHandle> {
    if (this.#closing) throw new ShuttingDownError();
    const { waitMs, ttlMs, signal } = resolveAcquireOptions(resource, options);
    if (signal?.aborted) throw abortReason(signal);
    const attempt: Attempt = {
      resource,
      keys: lockKeys(this.#options.keyPrefix, resource),
      token: newToken(),
      ttlMs,
    };
    const waiter = new LockWaiter();
    this.#waiters.set(attempt.token, waiter);
    const deadline = Date.now() + waitMs;
    try {
      // The first attempt is sent before any await: calls made in one order queue in that order.
      for (let listening = false; ; ) {
        const handle = await this.#tryAcquire(attempt);
        if (handle) return handle;
        if (Date.now() >= deadline) throw new LockTimeoutError(resource, waitMs);
        if (!listening) {
          // Retry right after subscribing: a release published before that would be missed.
          listening = await this.#listen();
          if (listening) continue;
        }
        await waiter.sleep(Math.min(deadline - Date.now(), this.#pollDelayMs()), signal);
      }
    } catch (error) {
      await this.#leave(attempt);
      throw error;
    } finally {
      this.#waiters.delete(attempt.token);
    }
  }

  async #tryAcquire(attempt: Attempt): Promise<RedisLockHandle | undefined> {
    const { keys, token, ttlMs } = attempt;
    const sentAt = Date.now();
    const args = [token, ttlMs, this.#waiterLeaseMs(), FENCE_IDLE_TTL_MS];
    const fencingToken = Number(await ACQUIRE_SCRIPT.run(this.#options.redis, scriptKeys(keys), args));
    if (fencingToken <= 0) return undefined;
    const handle = this.#hold(attempt, fencingToken, sentAt + ttlMs);
    if (this.#closing) {
      await handle.release();
      throw new ShuttingDownError();
    }
    return handle;
  }

  #hold(attempt: Attempt, fencingToken: number, validUntil: number): RedisLockHandle {
    const { redis, autoRenew, onError } = this.#options;
    const { resource, keys, token, ttlMs } = attempt;
    const handle = new RedisLockHandle({
      resource,
      fencingToken,
      ttlMs,
      validUntil,
      autoRenew,
      onError,
      renew: async () => Number(await RENEW_SCRIPT.run(redis, [keys.lock], [token, ttlMs])) === 1,
      check: async () => (await redis.get(keys.lock)) === token,
      release: async () => {
        await LEAVE_SCRIPT.run(redis, scriptKeys(keys), [token, lockWakeChannel(this.#options.keyPrefix)]);
      },
      onEnd: (ended) => this.#held.delete(ended),
    });
    this.#held.add(handle);
    return handle;
  }

  /** Takes a waiter out of the queue (it timed out, aborted or failed); wakes the next if due. */
  async #leave(attempt: Attempt): Promise<void> {
    const channel = lockWakeChannel(this.#options.keyPrefix);
    try {
      await LEAVE_SCRIPT.run(this.#options.redis, scriptKeys(attempt.keys), [attempt.token, channel]);
    } catch (error) {
      this.#options.onError(error, `leaving the queue of lock "${attempt.resource}" (its place lapses)`);
    }
  }

  /** Subscribes to the wake channel once per service; false (poll only) if that fails. */
  async #listen(): Promise<boolean> {
    this.#subscribed ??= this.#subscribe();
    try {
      await this.#subscribed;
      return true;
    } catch (error) {
      this.#subscribed = undefined;
      this.#options.onError(error, 'subscribing to lock releases (waiters fall back to polling)');
      return false;
    }
  }

  async #subscribe(): Promise<void> {
    await this.#subscriberConnection().subscribe(lockWakeChannel(this.#options.keyPrefix));
  }

  #subscriberConnection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const { redis, onError } = this.#options;
    const name = redis.options.connectionName ?? 'switchboard';
    const subscriber = redis.duplicate({ connectionName: `${name}:lock-wake` });
    subscriber.on('error', (error: unknown) => onError(error, 'lock wake subscriber'));
    subscriber.on('message', (_channel: string, token: string) => this.#waiters.get(token)?.wake());
    this.#subscriber = subscriber;
    return subscriber;
  }

  async #shutdown(): Promise<void> {
    for (const waiter of this.#waiters.values()) waiter.cancel(new ShuttingDownError());
    await Promise.allSettled([...this.#inFlight]);
    await Promise.all([...this.#held].map((handle) => handle.release()));
    if (this.#subscriber) await quitRedis(this.#subscriber);
  }

  #pollDelayMs(): number {
    return Math.round(this.#options.pollIntervalMs * (0.5 + Math.random()));
  }

  #waiterLeaseMs(): number {
    return this.#options.pollIntervalMs * WAITER_LEASE_POLLS;
  }
}

function parseRedisLockOptions(options: RedisLockServiceOptions) {
  return parseOptions(optionsSchema, options, 'RedisLockService');
}

/** A random owner token (122 random bits; `randomUUID` draws from a cached entropy pool). */
function newToken(): string {
  return randomUUID();
}
