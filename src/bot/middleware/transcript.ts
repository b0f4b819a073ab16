import type { Activity, Middleware, TurnContext } from 'botbuilder-core';
import type { TranscriptRole, TranscriptStore } from '../../analytics/transcript-store';
import type { Logger } from '../../logging/logger';
import { redactPii } from '../../privacy/redact';

/** Options of {@link TranscriptMiddleware}. */
export interface TranscriptOptions {
  store: TranscriptStore;
  logger: Logger;
}

/**
 * Records the customer's message and every message the bot (or an agent) sends in the
 * transcript, PII-redacted. A transcript failure is logged, never fails the customer's turn.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(private readonly options: TranscriptOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const inbound = context.activity;
    if (inbound.type === 'message' && inbound.text) await this.record(inbound, 'customer', inbound.text);
    context.onSendActivities(async (ctx, activities, sendNext) => {
      for (const activity of activities) {
        if (activity.type === 'message' && activity.text) {
          await this.record(ctx.activity, roleOf(activity), activity.text);
        }
      }
      return sendNext();
    });
    await next();
  }

  private async record(turnActivity: Partial<Activity>, role: TranscriptRole, text: string): Promise<void> {
    try {
      await this.options.store.append({
        conversationId: turnActivity.conversation?.id ?? 'unknown',
        channelId: turnActivity.channelId ?? 'unknown',
        role,
        text: redactPii(text),
        userId: turnActivity.from?.id,
        timestamp: new Date().toISOString(),
      });
    } catch (error) {
      this.options.logger.error(
        { err: error, conversationId: turnActivity.conversation?.id },
        'transcript write failed',
      );
    }
  }
}

function roleOf(activity: Partial<Activity>): TranscriptRole {
  const role = (activity.channelData as { switchboardRole?: unknown } | undefined)?.switchboardRole;
  return role === 'agent' || role === 'system' ? role : 'bot';
}
