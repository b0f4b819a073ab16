import { hasErrorCode } from '../errors';

/** Options of the outbound retry schedule. */
export interface OutboundRetryOptions {
  /** Attempts in all, the first included, before `SWB_ERR_OUTBOUND_FAILED`. */
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each later one (with ±25% jitter). */
  baseDelayMs: number;
  /** Cap of the doubled delay (a platform's `Retry-After` may exceed it and is honoured). */
  maxDelayMs: number;
}

/**
 * Eight attempts over about two minutes: longer than a typical platform hiccup or rate-limit
 * window, short enough that a reply still makes sense to the customer when it arrives.
 */
export const DEFAULT_OUTBOUND_RETRY: OutboundRetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/** What a coded platform error carries in its details (read by shape, across process boundaries). */
interface PlatformDetails {
  retryAfterMs?: unknown;
  slackError?: unknown;
  twilioStatus?: unknown;
}

/**
 * Why a failed send may be retried: `rate-limited` (429, with the platform's wait if it said one),
 * `unavailable` (5xx, or the platform could not be reached — the message may have arrived, see
 * docs/production.md), or undefined when retrying cannot help (bad request, opted out, bad token).
 * Errors are recognised by code, never by class or message.
 */
export function retryableFailure(
  error: unknown,
): { kind: 'rate-limited' | 'unavailable'; retryAfterMs?: number } | undefined {
  if (!hasErrorCode(error)) return undefined;
  const details = ((error as { details?: PlatformDetails }).details ?? {}) as PlatformDetails;
  if (error.code === 'SWB_ERR_SLACK_RATE_LIMITED') {
    const wait = Number(details.retryAfterMs);
    return { kind: 'rate-limited', ...(Number.isFinite(wait) ? { retryAfterMs: wait } : {}) };
  }
  if (error.code === 'SWB_ERR_SLACK_API') return slackFailure(String(details.slackError ?? ''));
  if (error.code === 'SWB_ERR_TWILIO_API') return twilioFailure(details.twilioStatus);
  return undefined;
}

function slackFailure(slackError: string): ReturnType<typeof retryableFailure> {
  if (slackError === 'http_429' || slackError === 'ratelimited') return { kind: 'rate-limited' };
  if (/^http_5\d\d$/.test(slackError) || slackError === 'request_failed') return { kind: 'unavailable' };
  if (slackError === 'internal_error' || slackError === 'fatal_error') return { kind: 'unavailable' };
  return undefined;
}

function twilioFailure(status: unknown): ReturnType<typeof retryableFailure> {
  if (status === undefined || status === null) return { kind: 'unavailable' };
  if (status === 429) return { kind: 'rate-limited' };
  return typeof status === 'number' && status >= 500 ? { kind: 'unavailable' } : undefined;
}

/**
 * How long to wait before attempt `nextAttempt` (2 = the first retry) after `error`: the platform's
 * `Retry-After` when it gave one and it is longer, else exponential backoff with jitter.
 */
export function retryDelayMs(error: unknown, nextAttempt: number, options: OutboundRetryOptions): number {
  const exponent = Math.max(0, nextAttempt - 2);
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const jittered = Math.round(backoff * (0.75 + Math.random() * 0.5));
  return Math.max(jittered, retryableFailure(error)?.retryAfterMs ?? 0);
}
