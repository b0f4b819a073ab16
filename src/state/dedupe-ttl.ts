import { ValidationError } from '../errors';

/** Rejects a claim ttl that is not a positive whole number of milliseconds. */
export function checkClaimTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new ValidationError(
      `A dedupe ttlMs must be a positive whole number of milliseconds; got ${ttlMs}.`,
    );
  }
}
