import { z } from 'zod';
import { ValidationError } from '../errors';
import { durationMsSchema } from './parse-options';

/** Entries kept per conversation by default: hours of chat, far more than a reconnect misses. */
export const DEFAULT_REPLY_LOG_MAX_ENTRIES = 500;

/** A conversation's log is dropped after this long without a reply (default 7 days). */
export const DEFAULT_REPLY_LOG_IDLE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Options shared by the reply logs. */
export interface ReplyLogOptions {
  /** Entries kept per conversation (the oldest are dropped first); default 500. */
  maxEntries?: number;
  /** A log idle for this long is deleted, sequence included (it restarts at 1); default 7 days. */
  idleTtlMs?: number;
}

/** zod shape of {@link ReplyLogOptions}. */
export const replyLogOptionsShape = {
  maxEntries: z.number().int().positive().default(DEFAULT_REPLY_LOG_MAX_ENTRIES),
  idleTtlMs: durationMsSchema.default(DEFAULT_REPLY_LOG_IDLE_TTL_MS),
};

/** Checks `readAfter` arguments: `afterSeq` a whole number >= 0, `limit` (if given) >= 1. */
export function checkReadAfter(afterSeq: number, limit: number | undefined): void {
  if (!Number.isInteger(afterSeq) || afterSeq < 0) {
    throw new ValidationError(`readAfter: afterSeq must be a whole number >= 0; got ${afterSeq}.`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new ValidationError(`readAfter: limit must be a whole number >= 1; got ${limit}.`);
  }
}
