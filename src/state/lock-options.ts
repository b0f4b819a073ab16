import { ValidationError } from '../errors';
import type { AcquireLockOptions } from './ports';

/** How long `acquire` waits by default: long enough for a slow turn, short of webhook timeouts. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

/** How long a lock lives without renewal by default; the holder renews it every third of that. */
export const DEFAULT_LOCK_TTL_MS = 30_000;

/** Renewals per ttl: renewing every ttl/3 survives one failed or late renewal. */
export const RENEWALS_PER_TTL = 3;

/** Options shared by the lock services. */
export interface LockServiceOptions {
  /**
   * Renew held locks automatically every ttl/3 (default true). Tests set false to simulate a
   * holder that stalls past its ttl; production code never should.
   */
  autoRenew?: boolean;
}

/** `AcquireLockOptions` with defaults applied and values checked. */
export interface ResolvedAcquireOptions {
  waitMs: number;
  ttlMs: number;
  signal: AbortSignal | undefined;
}

/** Applies defaults and rejects non-positive or non-integer durations with `ValidationError`. */
export function resolveAcquireOptions(
  resource: string,
  options: AcquireLockOptions = {},
): ResolvedAcquireOptions {
  if (typeof resource !== 'string' || resource === '') {
    throw new ValidationError('A lock resource must be a non-empty string, e.g. "turn:webchat:<id>".');
  }
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  checkDuration('waitMs', waitMs, 0);
  checkDuration('ttlMs', ttlMs, 1);
  return { waitMs, ttlMs, signal: options.signal };
}

function checkDuration(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(
      `Lock option ${name} must be a whole number of milliseconds >= ${min}; got ${value}.`,
    );
  }
}

/** The reason an aborted signal carries, as an error to reject with. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
