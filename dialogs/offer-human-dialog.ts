import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { DialogServices } from './dialog-services';
import { escalateAndTell } from './escalate';
import type { EscalationReason } from './escalation';
import { SlotDialog, type SlotResult } from './slot-dialog';
import { parseYesNo } from './slots/yes-no';

/** Persisted dialog id. */
export const OFFER_HUMAN_DIALOG_ID = 'offerHuman';

/** Options of one offer. */
export interface OfferHumanOptions {
  reason: EscalationReason;
}

/**
 * "Would you like to talk to a person?" — yes escalates (to the form's skill), no says the bot is
 * still here. Used when a form step fails too often, after two misunderstood messages, and when
 * an FAQ answer did not help.
 */
export class OfferHumanDialog extends ComponentDialog {
  constructor(
    private readonly services: DialogServices,
    private readonly target: { skill: string; intent?: string },
  ) {
    super(OFFER_HUMAN_DIALOG_ID);
    this.addDialog(
      new SlotDialog<boolean>(`${OFFER_HUMAN_DIALOG_ID}.confirm`, {
        prompt: () => ({
          text: "I'm having trouble helping with this. Would you like to talk to a person?",
          confirmation: true,
        }),
        parse: (text) => parseYesNo(text),
        help: 'Say yes to talk to a person, or no to keep chatting with me.',
        maxAttempts: 2,
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${OFFER_HUMAN_DIALOG_ID}.steps`, [
        (step) => step.beginDialog(`${OFFER_HUMAN_DIALOG_ID}.confirm`),
        (step) => this.decide(step),
      ]),
    );
    this.initialDialogId = `${OFFER_HUMAN_DIALOG_ID}.steps`;
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<boolean>;
    const reason = (step.options as Partial<OfferHumanOptions>).reason ?? 'dialog-decision';
    if (result.ok && result.value) {
      await escalateAndTell(step.context, this.services.escalator, { reason, ...this.target });
    } else {
      await step.context.sendActivity("No problem. I'm still here: tell me what you need, or say help.");
    }
    return step.endDialog();
  }
}
