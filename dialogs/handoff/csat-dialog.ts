import type { DialogContext } from 'botbuilder-dialogs';
import { reportTurnEvent } from '../../src/analytics/turn-analytics';
import type { HandoffStatusValue } from '../../src/handoff/handoff-events';
import type { Choice, Reply } from '../../src/rendering/reply';
import type { CsatStore } from './handoff-outcome-store';
import { OneQuestionDialog } from './one-question-dialog';

/** Persisted dialog id: changing it breaks conversations stored mid-question. */
export const CSAT_DIALOG_ID = 'handoff.csat';

/** The 1–5 scale: words on buttons and keypads, the digit as the value (and as the SMS reply). */
export const CSAT_CHOICES: readonly Choice[] = [
  { title: 'Very poor', value: '1', synonyms: ['terrible', 'awful'] },
  { title: 'Poor', value: '2', synonyms: ['bad'] },
  { title: 'OK', value: '3', synonyms: ['okay', 'average', 'fine'] },
  { title: 'Good', value: '4' },
  { title: 'Excellent', value: '5', synonyms: ['great', 'perfect', 'very good'] },
];

/** The thanks after a rating. */
export const CSAT_THANKS = 'Thank you for your feedback! Anything else I can help with?';

/** Options of {@link CsatDialog}. */
export interface CsatDialogOptions {
  store: CsatStore;
  now?: () => Date;
}

/**
 * Begun by the `handoff.status` event when an agent resolves a conversation: says the bot is back
 * and asks one CSAT question (1–5), recorded with the conversation.
 */
export class CsatDialog extends OneQuestionDialog {
  constructor(private readonly options: CsatDialogOptions) {
    super(CSAT_DIALOG_ID);
  }

  protected question(value: HandoffStatusValue): Reply & { choices: Choice[] } {
    const who = value.agentName ?? 'Our agent';
    return {
      text: `${who} has closed the chat: you're back with the Acme assistant. How would you rate the help you got, from 1 (very poor) to 5 (excellent)?`,
      variants: {
        sms: `${who} closed the chat; you're back with the Acme assistant. How was the help, 1 to 5?`,
        voice: `${who} has finished helping you, and you're back with the Acme assistant. How would you rate the help you got, from 1 to 5?`,
      },
      choices: [...CSAT_CHOICES],
    };
  }

  protected async answered(dc: DialogContext, choice: Choice, value: HandoffStatusValue): Promise<void> {
    const { channelId, conversation } = dc.context.activity;
    await this.options.store.record({
      handoffId: value.handoffId,
      channelId,
      conversationId: conversation.id,
      skill: value.skill,
      agentName: value.agentName,
      score: Number(choice.value),
      at: (this.options.now?.() ?? new Date()).toISOString(),
    });
    reportTurnEvent(dc.context, { type: 'csat', csat: Number(choice.value), skill: value.skill });
    await dc.context.sendActivity(CSAT_THANKS);
  }
}
