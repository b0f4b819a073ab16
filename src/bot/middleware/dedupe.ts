import type { Middleware, TurnContext } from 'botbuilder-core';
import type { Logger } from '../../logging/logger';
import type { DedupeStore } from '../../state/ports';
import { DUPLICATE_KEY } from '../turn-keys';

/** Platforms retry for minutes to hours; a day covers Slack's and Twilio's retry windows with margin. */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** Options of {@link DedupeMiddleware}. */
export interface DedupeOptions {
  store: DedupeStore;
  logger: Logger;
  ttlMs?: number;
  /**
   * How long a claim lasts while its turn runs (default 60 s, twice the default turn lock ttl): if
   * the process dies mid-turn (kill -9, OOM) the claim lapses after it, so the platform's or the
   * client's retry is handled instead of being dropped as a duplicate of a turn that never finished.
   * Once the turn completes, the claim is kept for `ttlMs`.
   */
  processingLeaseMs?: number;
}

/** Twice the default turn lock ttl: a turn still running is never mistaken for a dead one. */
export const DEFAULT_PROCESSING_LEASE_MS = 60_000;

/**
 * Drops an inbound activity whose platform message id was already handled, so a retried webhook
 * never produces a second reply. The id is claimed before the turn runs; if the turn fails, the
 * claim is released so that the platform's retry is handled instead of lost.
 */
export class DedupeMiddleware implements Middleware {
  constructor(private readonly options: DedupeOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = dedupeKey(context);
    if (key === undefined) return next();
    const ttlMs = this.options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
    const leaseMs = Math.min(ttlMs, this.options.processingLeaseMs ?? DEFAULT_PROCESSING_LEASE_MS);
    const first = await this.options.store.claim(key, leaseMs);
    if (!first) {
      context.turnState.set(DUPLICATE_KEY, true);
      this.options.logger.debug(
        { conversationId: context.activity.conversation?.id },
        'duplicate delivery dropped',
      );
      return;
    }
    try {
      await next();
    } catch (error) {
      await this.options.store.forget(key);
      throw error;
    }
    if (leaseMs < ttlMs) await this.options.store.confirm(key, ttlMs);
  }
}

/** The dedupe key of an inbound activity, or undefined when it has no platform id (proactive turns). */
export function dedupeKey(context: TurnContext): string | undefined {
  const { id, channelId, type, conversation } = context.activity;
  if (!id || type === 'event') return undefined;
  // Scoped to the conversation: a client-chosen id (web chat) can never shadow another customer's.
  return `${channelId}:${conversation?.id ?? ''}:${id}`;
}
