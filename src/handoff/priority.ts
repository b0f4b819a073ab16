import { ValidationError } from '../errors';
import type { CustomerTier, HandoffContext } from './handoff-record';

/**
 * Queue priority, in BullMQ's convention: **a lower number is served first**, from 1 to 2^21 − 1.
 *
 * ```
 * priority = clamp(BASE − channel − tier − sentiment − carriedWait, 2, 2^21 − 1)
 * ```
 *
 * | term | points | why |
 * |---|---|---|
 * | `BASE` | 10 000 | leaves room below for every bonus |
 * | channel | voice 300, web chat and Slack 200, SMS 0 | a caller holds the line; a chat customer watches the screen; SMS is asynchronous |
 * | tier | platinum 500, gold 250, standard 0 | contractual service levels |
 * | sentiment | up to 150, scaled by how negative | an upset customer first — kept small until sentiment is measured (USER-NEEDS) |
 * | carried wait | 1 per 10 s already waited, at most 360 (one hour) | a transferred or requeued customer keeps the time served |
 *
 * Priority 1 is reserved for {@link FRONT_OF_QUEUE_PRIORITY}: a conversation whose agent was lost
 * goes back to the front. Equal numbers are first come, first served. Priorities are computed when
 * a conversation is queued and do not age while it waits.
 */
export const PRIORITY_BASE = 10_000;

// BullMQ refuses 2^21 itself ("Priority should be between 0 and 2097151"); found by the
// conformance suite, which now enqueues the largest accepted priority on both queues.
/** BullMQ's highest accepted priority number (its lowest urgency), 2^21 − 1. */
export const MAX_BULLMQ_PRIORITY = 2 ** 21 - 1;

/** A conversation that lost its agent: ahead of everything else in its skill queue. */
export const FRONT_OF_QUEUE_PRIORITY = 1;

/** The best priority an ordinary escalation can get (1 is reserved for the front of the queue). */
export const MIN_REGULAR_PRIORITY = 2;

const CHANNEL_POINTS: Record<string, number> = { voice: 300, webchat: 200, slack: 200, sms: 0 };
const TIER_POINTS: Record<CustomerTier, number> = { platinum: 500, gold: 250, standard: 0 };
const MAX_SENTIMENT_POINTS = 150;
const WAIT_POINT_MS = 10_000;
const MAX_WAIT_POINTS = 360;

/** What the priority is computed from. */
export interface PriorityInput {
  channelId: string;
  tier?: CustomerTier;
  sentiment?: HandoffContext['sentiment'];
  /** Time already waited in an earlier queue (transfer, requeue), ms. */
  waitedMs?: number;
}

/**
 * The queue priority of a conversation (lower is served first).
 *
 * @example
 * computePriority({ channelId: 'voice', tier: 'gold' }) // 9450
 */
export function computePriority(input: PriorityInput): number {
  const channel = CHANNEL_POINTS[input.channelId] ?? 0;
  const tier = TIER_POINTS[input.tier ?? 'standard'];
  const sentiment = sentimentPoints(input.sentiment);
  const wait = Math.min(MAX_WAIT_POINTS, Math.floor(Math.max(0, input.waitedMs ?? 0) / WAIT_POINT_MS));
  const raw = PRIORITY_BASE - channel - tier - sentiment - wait;
  return Math.min(MAX_BULLMQ_PRIORITY, Math.max(MIN_REGULAR_PRIORITY, Math.round(raw)));
}

function sentimentPoints(sentiment: HandoffContext['sentiment']): number {
  if (sentiment?.label !== 'negative') return 0;
  const strength = Math.min(1, Math.abs(sentiment.score));
  return Math.round(MAX_SENTIMENT_POINTS * strength);
}

/** Throws `ValidationError` unless `priority` is a whole number BullMQ accepts (1 to 2^21 − 1). */
export function assertBullMqPriority(priority: number): void {
  if (!Number.isInteger(priority) || priority < 1 || priority > MAX_BULLMQ_PRIORITY) {
    throw new ValidationError(
      `Queue priority ${priority} is out of range: BullMQ accepts whole numbers from 1 to ${MAX_BULLMQ_PRIORITY}, and a job without one would jump ahead of every prioritised job. Compute it with computePriority().`,
    );
  }
}
