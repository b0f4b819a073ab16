import { type Activity, ActivityTypes, type ConversationReference, TurnContext } from 'botbuilder-core';
import type { BotLogic, ChannelAdapter } from '../../../adapters/channel-adapter';
import type { CustomerDelivery, HandoffStatusValue } from '../../handoff/handoff-events';
import { conversationKey, type Handoff } from '../../handoff/handoff-record';
import type { Logger } from '../../logging/logger';
import type { ConversationReferenceStore } from '../conversation-reference-store';
import { replyActivity } from '../reply-activity';
import { HANDOFF_STATUS_EVENT } from './handoff-gate';

/** Options of {@link HandoffRelay}. */
export interface HandoffRelayOptions {
  /** The server's channel adapters (`server.adapterFor`). */
  adapterFor: (channelId: string) => ChannelAdapter;
  /** Stored conversation references (shared storage: any process can reach any customer). */
  references: Pick<ConversationReferenceStore, 'get'>;
  /** The bot's turn logic, which a `handoff.status` event turn runs through the full pipeline. */
  logic: BotLogic;
  logger: Logger;
}

/**
 * Delivers what the handoff service has for a customer, on the customer's own channel, from any
 * process: agent messages and notices through `continueConversation` with the stored reference
 * (the pipeline's turn lock keeps them in order with the customer's turns; the transcript records
 * them as the agent's), and the end of a handoff as a `handoff.status` event turn that the gate
 * hands to the after-handoff dialogs. Deliveries to one conversation run one after another.
 */
export class HandoffRelay {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly options: HandoffRelayOptions) {}

  /** Queues a delivery behind the conversation's earlier ones; resolves when it was sent (never rejects). */
  deliver(handoff: Handoff, delivery: CustomerDelivery): Promise<void> {
    const key = conversationKey(handoff.channelId, handoff.conversationId);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.send(handoff, delivery))
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error, handoffId: handoff.id, kind: delivery.kind },
          'handoff delivery failed',
        );
      });
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Resolves when every delivery started so far has finished (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private async send(handoff: Handoff, delivery: CustomerDelivery): Promise<void> {
    const reference = await this.options.references.get(handoff.channelId, handoff.conversationId);
    const adapter = this.options.adapterFor(handoff.channelId);
    if (delivery.kind === 'status') {
      await adapter.processActivity(statusEvent(reference, delivery.value), this.options.logic);
      return;
    }
    const activity = replyActivity({ text: delivery.text });
    activity.channelData = {
      ...activity.channelData,
      switchboardRole: delivery.role,
      agentName: delivery.agentName,
    };
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity(activity);
    });
  }
}

/** The `handoff.status` event activity of a conversation, as if the customer's channel sent it. */
export function statusEvent(
  reference: Partial<ConversationReference>,
  value: HandoffStatusValue,
): Partial<Activity> {
  const event: Partial<Activity> = {
    type: ActivityTypes.Event,
    name: HANDOFF_STATUS_EVENT,
    value,
    timestamp: new Date(),
  };
  return TurnContext.applyConversationReference(event, reference, true);
}
