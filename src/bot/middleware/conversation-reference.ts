import { type Middleware, TurnContext } from 'botbuilder-core';
import type { ConversationReferenceStore } from '../conversation-reference-store';

/**
 * Saves the conversation reference of every inbound customer activity, before the bot runs, so
 * that an agent or a timeout can reach the customer from any process afterwards.
 */
export class ConversationReferenceMiddleware implements Middleware {
  constructor(private readonly store: ConversationReferenceStore) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === 'message' && context.activity.conversation?.id) {
      await this.store.save(TurnContext.getConversationReference(context.activity));
    }
    await next();
  }
}
