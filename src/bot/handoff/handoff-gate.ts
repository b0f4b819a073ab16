import type { Middleware, TurnContext } from 'botbuilder-core';
import { CANCELLED_NOTICE, isCancelRequest } from '../../handoff/customer-notices';
import type { HandoffStatusValue } from '../../handoff/handoff-events';
import type { Handoff } from '../../handoff/handoff-record';
import type { HandoffDialogRunner } from './handoff-dialog-runner';

/** Name of the event activity that tells the bot a handoff ended. */
export const HANDOFF_STATUS_EVENT = 'handoff.status';

/** Turn-state key of the active handoff, when the gate found one (transcript, analytics). */
export const ACTIVE_HANDOFF_KEY = Symbol('switchboard.activeHandoff');

/** What the gate needs from the handoff service. */
export interface GateHandoffService {
  active(channelId: string, conversationId: string): Promise<Handoff | undefined>;
  cancel(handoffId: string, disposition?: string): Promise<Handoff | undefined>;
  customerMessage(handoff: Handoff, text: string): Promise<void>;
}

/** Options of {@link HandoffGateMiddleware}. */
export interface HandoffGateOptions {
  handoff: GateHandoffService;
  /** Runs the CSAT and callback-offer dialogs after a handoff ends. */
  dialogs: HandoffDialogRunner;
}

/**
 * The handoff gate (the server's `gate` slot, after the transcript): while the conversation has a
 * pending or assigned handoff, the customer's messages go to the agent (they are already in the
 * transcript) and the bot stays silent — no NLU, no dialogs. "cancel" while waiting leaves the
 * queue and returns to the bot. A `handoff.status` event begins the after-handoff dialog (CSAT or
 * callback offer), and the customer's next message answers it before the bot sees anything.
 */
export class HandoffGateMiddleware implements Middleware {
  constructor(private readonly options: HandoffGateOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, name, channelId, conversation } = context.activity;
    if (type === 'event' && name === HANDOFF_STATUS_EVENT) {
      await this.options.dialogs.begin(context, context.activity.value as HandoffStatusValue);
      return;
    }
    if (type !== 'message' || !conversation?.id) return next();
    const handoff = await this.options.handoff.active(channelId, conversation.id);
    if (handoff) return this.relay(context, handoff);
    if (await this.options.dialogs.continue(context)) return;
    return next();
  }

  private async relay(context: TurnContext, handoff: Handoff): Promise<void> {
    context.turnState.set(ACTIVE_HANDOFF_KEY, handoff);
    const text = context.activity.text?.trim() || '(a message without text)';
    if (handoff.status === 'pending' && isCancelRequest(text)) {
      const cancelled = await this.options.handoff.cancel(handoff.id, 'customer-cancelled');
      // An agent took it in the meantime: the customer's "cancel" goes to them instead.
      if (cancelled) {
        await context.sendActivity(CANCELLED_NOTICE);
        return;
      }
    }
    await this.options.handoff.customerMessage(handoff, text);
  }
}
