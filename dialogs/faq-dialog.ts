import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { reportTurnEvent } from '../src/analytics/turn-analytics';
import { replyActivity } from '../src/bot/reply-activity';
import type { DialogServices, FaqAnswer } from './dialog-services';
import { OFFER_HUMAN_DIALOG_ID, OfferHumanDialog } from './offer-human-dialog';
import { SlotDialog, type SlotResult } from './slot-dialog';
import { parseYesNo } from './slots/yes-no';

/** Persisted dialog id. */
export const FAQ_DIALOG_ID = 'faq';
const HELPED_SLOT = `${FAQ_DIALOG_ID}.helped`;

/** Options: the answer found (plain data, persisted with the dialog). */
export interface FaqDialogOptions {
  answer: FaqAnswer;
}

/**
 * Answers from the knowledge base, says where the answer comes from, and asks "did that help?"
 * (buttons where the channel has them). Yes is recorded; no is recorded and offers a person.
 */
export class FaqDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(FAQ_DIALOG_ID);
    this.addDialog(new OfferHumanDialog(services, { skill: 'general' }));
    this.addDialog(
      new SlotDialog<boolean>(HELPED_SLOT, {
        prompt: () => ({ text: 'Did that answer your question?', confirmation: true }),
        parse: (text) => parseYesNo(text),
        help: 'Say yes if the answer helped, or no and I can find a person for you.',
        maxAttempts: 1,
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${FAQ_DIALOG_ID}.steps`, [(s) => this.answer(s), (s) => this.feedback(s)]),
    );
    this.initialDialogId = `${FAQ_DIALOG_ID}.steps`;
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { answer } = step.options as FaqDialogOptions;
    await step.context.sendActivity(
      replyActivity({
        text: `${answer.answer.text}\n(From our FAQ: "${answer.question}")`,
        variants: { sms: answer.answer.sms, voice: answer.answer.voice },
      }),
    );
    return step.beginDialog(HELPED_SLOT);
  }

  private async feedback(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { answer } = step.options as FaqDialogOptions;
    const result = step.result as SlotResult<boolean>;
    // Anything other than a clear yes/no is a new request: the main dialog routes this same message.
    if (!result.ok) return step.endDialog({ reroute: true });
    const meta = {
      channelId: step.context.activity.channelId,
      conversationId: step.context.activity.conversation.id,
    };
    await this.services.feedback?.helpful(answer.entryId, result.value, meta);
    reportTurnEvent(step.context, { type: 'faq_feedback', helpful: result.value });
    if (result.value) {
      await step.context.sendActivity('Great, glad I could help!');
      return step.endDialog();
    }
    return step.beginDialog(OFFER_HUMAN_DIALOG_ID, { reason: 'faq-not-helpful' });
  }
}
