import type { Middleware, TurnContext } from 'botbuilder-core';
import type { LockService } from '../../state/ports';
import { TURN_ACCEPTED_KEY, TURN_LOCK_KEY, type TurnAcceptedHook } from '../turn-keys';

/** Options of {@link TurnLockMiddleware}. */
export interface TurnLockOptions {
  locks: LockService;
  /** How long a turn waits for the previous turn of its conversation. */
  waitMs: number;
  /** How long the lock lives without renewal (the holder renews it while the turn runs). */
  ttlMs: number;
}

/**
 * Serializes the turns of one conversation, across processes when the lock service is Redis:
 * botbuilder saves state last-writer-wins, so two concurrent turns would lose each other's
 * changes. The lock handle stays in turn state; its fencing token guards later writes.
 */
export class TurnLockMiddleware implements Middleware {
  constructor(private readonly options: TurnLockOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, conversation } = context.activity;
    if (!conversation?.id) return next();
    const handle = await this.options.locks.acquire(turnLockResource(channelId, conversation.id), {
      waitMs: this.options.waitMs,
      ttlMs: this.options.ttlMs,
    });
    context.turnState.set(TURN_LOCK_KEY, handle);
    try {
      await (context.turnState.get(TURN_ACCEPTED_KEY) as TurnAcceptedHook | undefined)?.(context);
      await next();
    } finally {
      // Not awaited: `release` never rejects (a failed release lapses at the ttl and is reported
      // by the lock service), and the next command of this process (the dedupe confirmation, the
      // next turn's acquire) is queued behind it on the same connection, so they share a round trip.
      void handle.release();
    }
  }
}

/** The lock resource name of a conversation. */
export function turnLockResource(channelId: string, conversationId: string): string {
  return `turn:${channelId}:${conversationId}`;
}
