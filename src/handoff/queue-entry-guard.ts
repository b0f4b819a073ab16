import { ValidationError } from '../errors';
import type { QueueEntry } from './escalation-queue';
import { assertBullMqPriority } from './priority';

/** Longest job id accepted: handoff ids are `h-<uuid>` (38 characters); timer ids add a few more. */
const MAX_JOB_ID_LENGTH = 128;
/** A whole number: BullMQ refuses it as a custom job id (it would clash with its own counters). */
const INTEGER = /^-?\d+$/;

/**
 * Throws `ValidationError` unless `id` can be a BullMQ job id: non-empty, at most 128 characters,
 * not a whole number, and without `:` (BullMQ builds its Redis keys as `<prefix>:<queue>:<id>`, so
 * a `:` in an id makes keys ambiguous and breaks its scripts' parsing).
 *
 * @example
 * assertJobId('h-5f0c…'); // fine
 * assertJobId('webchat:abc'); // throws SWB_ERR_VALIDATION
 */
export function assertJobId(id: string): void {
  if (id.length === 0 || id.length > MAX_JOB_ID_LENGTH || id.includes(':') || INTEGER.test(id)) {
    throw new ValidationError(
      `Queue job id "${id.slice(0, MAX_JOB_ID_LENGTH)}" is not valid: use 1 to ${MAX_JOB_ID_LENGTH} characters, not a whole number, without ":" (BullMQ builds its Redis keys with ":"). Handoff ids come from newHandoffId().`,
    );
  }
}

/**
 * Checks an entry before any queue implementation stores it, so the embedded queue refuses what
 * BullMQ would: a job id with `:` and a priority BullMQ does not accept (a job without a priority
 * would jump ahead of every prioritised one).
 */
export function assertQueueEntry(entry: QueueEntry): void {
  assertJobId(entry.handoffId);
  assertBullMqPriority(entry.priority);
}
