import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { replyActivity } from '../../src/bot/reply-activity';
import { ACME_INTENT_SKILLS } from '../acme-intent-skills';
import type { DialogServices } from '../dialog-services';
import { FormDialog } from '../form-dialog';
import { IDENTIFY_DIALOG_ID, IdentifyDialog } from '../identify-dialog';
import { SlotDialog, type SlotResult } from '../slot-dialog';
import type { CardOption } from '../slots/parsers';
import { parseYesNo } from '../slots/yes-no';
import { activeCards, cardChoice, cardFromEntities, cardSlot } from './card-choice';

/** Persisted dialog id. */
export const LOST_CARD_DIALOG_ID = 'lostCard';
const CARD_SLOT = `${LOST_CARD_DIALOG_ID}.card`;
const CONFIRM_SLOT = `${LOST_CARD_DIALOG_ID}.confirm`;

/** What the form collected so far (waterfall values, persisted). */
interface LostCardValues {
  customerId?: string;
  cards?: CardOption[];
  last4?: string;
}

const valuesOf = (step: WaterfallStepContext) => step.values as LostCardValues;

/**
 * Report a lost card: who you are → which card (skipped when there is one, or the message named
 * it) → confirm → block it through the backend → reference number and replacement date.
 */
export class LostCardDialog extends FormDialog {
  constructor(services: DialogServices) {
    super(
      {
        id: LOST_CARD_DIALOG_ID,
        activity: 'reporting your lost card',
        skill: ACME_INTENT_SKILLS.report_lost_card,
        intent: 'report_lost_card',
      },
      services,
    );
    this.addDialog(new IdentifyDialog(services));
    this.addDialog(cardSlot(CARD_SLOT, 'Which card is lost?'));
    this.addDialog(
      new SlotDialog<boolean>(CONFIRM_SLOT, {
        prompt: (o) => ({
          text: `I'll block your ${o.data?.['card']} now, and order a replacement. Shall I go ahead?`,
          variants: { sms: `Block your ${o.data?.['card']} and order a new one?` },
          confirmation: true,
        }),
        parse: (text) => parseYesNo(text),
        help: 'Once blocked, the card cannot be used again; a new one is mailed to you.',
      }),
    );
    this.addSteps([
      (s) => this.identify(s),
      (s) => this.chooseCard(s),
      (s) => this.confirm(s),
      (s) => this.block(s),
      (s) => s.endDialog(),
    ]);
  }

  private identify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(IDENTIFY_DIALOG_ID);
  }

  private async chooseCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const customerId = step.result as string | undefined;
    if (!customerId) return this.offerHuman(step);
    valuesOf(step).customerId = customerId;
    const listed = await activeCards(this.services, customerId);
    if (!listed.ok) return this.failWith(step, listed.message);
    if (listed.cards.length === 0)
      return this.failWith(step, "I don't see any active cards on your account.");
    const named = cardFromEntities(this.services, step.context, listed.cards);
    const only = listed.cards.length === 1 ? listed.cards[0]?.last4 : undefined;
    valuesOf(step).cards = listed.cards;
    const known = named ?? only;
    if (known) return step.next({ ok: true, value: known } satisfies SlotResult<string>);
    return step.beginDialog(CARD_SLOT, { choices: listed.cards.map(cardChoice) });
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const picked = step.result as SlotResult<string>;
    if (!picked.ok) return this.offerHuman(step);
    const cards = valuesOf(step).cards ?? [];
    const card = cards.find((c) => c.last4 === picked.value) ?? { last4: picked.value, type: 'card' };
    valuesOf(step).last4 = card.last4;
    return step.beginDialog(CONFIRM_SLOT, { data: { card: cardChoice(card).title.toLowerCase() } });
  }

  private async block(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const confirmed = step.result as SlotResult<boolean>;
    if (!confirmed.ok) return this.offerHuman(step);
    if (!confirmed.value) return this.failWith(step, "OK, I haven't blocked anything. Anything else?");
    const { customerId = '', last4 = '' } = valuesOf(step);
    const result = await this.services.actions.call('blockCard', { customerId, last4, reason: 'lost' });
    if (!result.ok) return this.failWith(step, result.politeMessage);
    const outcome = result.value;
    const text =
      outcome.status === 'blocked'
        ? `Done: your card ending ${last4} is blocked. Your reference is ${outcome.reference}, and a new card will arrive by ${outcome.replacementBy}.`
        : outcome.status === 'already_blocked'
          ? `Your card ending ${last4} was already blocked. A replacement is on its way.`
          : `I couldn't find that card any more. Please call us at 1-800-555-0199.`;
    await step.context.sendActivity(replyActivity({ text }));
    return step.endDialog();
  }

  private async failWith(step: WaterfallStepContext, message: string): Promise<DialogTurnResult> {
    await step.context.sendActivity(message);
    return step.endDialog();
  }
}
