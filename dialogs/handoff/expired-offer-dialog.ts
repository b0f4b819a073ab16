import { randomBytes } from 'node:crypto';
import type { DialogContext } from 'botbuilder-dialogs';
import type { HandoffStatusValue } from '../../src/handoff/handoff-events';
import type { Choice, Reply } from '../../src/rendering/reply';
import type { FollowUpStore } from './handoff-outcome-store';
import { OneQuestionDialog } from './one-question-dialog';

/** Persisted dialog id: changing it breaks conversations stored mid-question. */
export const EXPIRED_OFFER_DIALOG_ID = 'handoff.expiredOffer';

/** What the customer can choose when nobody picked the conversation in time. */
export const EXPIRED_OFFER_CHOICES: readonly Choice[] = [
  { title: 'Call me back', value: 'callback', synonyms: ['call me', 'callback', 'call back', 'phone me'] },
  { title: 'Open a ticket', value: 'ticket', synonyms: ['ticket', 'email me', 'email'] },
  { title: 'No thanks', value: 'none', synonyms: ['no', 'nothing', 'no thank you'] },
];

/** Options of {@link ExpiredOfferDialog}. */
export interface ExpiredOfferDialogOptions {
  store: FollowUpStore;
  now?: () => Date;
}

/**
 * Begun by the `handoff.status` event when the wait timed out: apologizes and offers a callback
 * or a ticket; the choice is recorded (with a reference the customer can quote).
 */
export class ExpiredOfferDialog extends OneQuestionDialog {
  constructor(private readonly options: ExpiredOfferDialogOptions) {
    super(EXPIRED_OFFER_DIALOG_ID);
  }

  protected question(_value: HandoffStatusValue): Reply & { choices: Choice[] } {
    return {
      text: "I'm sorry, nobody from our team could take your chat in time. We can call you back, or open a ticket and answer by email. What would you prefer?",
      variants: {
        sms: 'Sorry, nobody could take your chat in time. Shall we call you back or open a ticket?',
      },
      choices: [...EXPIRED_OFFER_CHOICES],
    };
  }

  protected async answered(dc: DialogContext, choice: Choice, value: HandoffStatusValue): Promise<void> {
    if (choice.value === 'none') {
      await dc.context.sendActivity("No problem. I'm still here if you need anything.");
      return;
    }
    const kind = choice.value === 'callback' ? 'callback' : 'ticket';
    const reference = `${kind === 'callback' ? 'CB' : 'T'}-${randomBytes(3).toString('hex').toUpperCase()}`;
    const { channelId, conversation, from } = dc.context.activity;
    await this.options.store.record({
      handoffId: value.handoffId,
      channelId,
      conversationId: conversation.id,
      skill: value.skill,
      kind,
      reference,
      customerId: from?.id,
      at: (this.options.now?.() ?? new Date()).toISOString(),
    });
    const promise =
      kind === 'callback'
        ? 'We will call you back within one business day'
        : 'We will answer by email within one business day';
    await dc.context.sendActivity(`Done. ${promise}. Your reference is ${reference}.`);
  }
}
