import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { replyActivity } from '../../src/bot/reply-activity';
import type { MoneyValue } from '../../src/nlu/types';
import { ACME_INTENT_SKILLS } from '../acme-intent-skills';
import type { DialogServices } from '../dialog-services';
import { FormDialog } from '../form-dialog';
import { IDENTIFY_DIALOG_ID, IdentifyDialog } from '../identify-dialog';
import { SlotDialog, type SlotResult } from '../slot-dialog';
import { type CardOption, parseAmount, parseFreeText, parsePastDate } from '../slots/parsers';
import { parseYesNo } from '../slots/yes-no';
import { activeCards, cardChoice, cardSlot } from './card-choice';

/** Persisted dialog id. */
export const DISPUTE_DIALOG_ID = 'disputeCharge';
const SLOT = {
  card: `${DISPUTE_DIALOG_ID}.card`,
  amount: `${DISPUTE_DIALOG_ID}.amount`,
  date: `${DISPUTE_DIALOG_ID}.date`,
  merchant: `${DISPUTE_DIALOG_ID}.merchant`,
  confirm: `${DISPUTE_DIALOG_ID}.confirm`,
} as const;

interface DisputeValues {
  customerId?: string;
  cards?: CardOption[];
  last4?: string;
  amount?: MoneyValue;
  date?: string;
  merchant?: string;
}

const valuesOf = (step: WaterfallStepContext) => step.values as DisputeValues;

/**
 * Dispute a charge: who you are → which card → amount → date ("last Tuesday" works; no future
 * dates) → merchant → confirm the summary → a case is opened with a reference.
 */
export class DisputeChargeDialog extends FormDialog {
  constructor(services: DialogServices) {
    super(
      {
        id: DISPUTE_DIALOG_ID,
        activity: 'disputing a charge',
        skill: ACME_INTENT_SKILLS.dispute_charge,
        intent: 'dispute_charge',
      },
      services,
    );
    this.addDialog(new IdentifyDialog(services));
    this.addDialog(cardSlot(SLOT.card, 'Which card was charged?'));
    this.addDialog(
      new SlotDialog(SLOT.amount, {
        prompt: () => ({ text: 'How much was the charge?' }),
        parse: (text) => parseAmount(text),
        help: 'Give the amount of the charge you want to dispute, like 42.10.',
      }),
    );
    this.addDialog(
      new SlotDialog(SLOT.date, {
        prompt: () => ({ text: 'When was the charge? You can say "last Tuesday" or a date.' }),
        parse: (text) => parsePastDate(text, services.now()),
        help: 'Tell me the day of the charge, as shown on your statement.',
      }),
    );
    this.addDialog(
      new SlotDialog(SLOT.merchant, {
        prompt: () => ({ text: 'Which merchant charged you?' }),
        parse: (text) => parseFreeText(text, 'merchant name'),
        help: 'The shop or company name on the charge, like "Coffee Corner".',
      }),
    );
    this.addDialog(
      new SlotDialog<boolean>(SLOT.confirm, {
        prompt: (o) => ({
          text: `I'll open a dispute for ${o.data?.['summary']}. Is that right?`,
          confirmation: true,
        }),
        parse: (text) => parseYesNo(text),
        help: 'Say yes to open the dispute, or no to stop.',
      }),
    );
    this.addSteps([
      (s) => s.beginDialog(IDENTIFY_DIALOG_ID),
      (s) => this.askCard(s),
      (s) => this.collect(s, 'last4', SLOT.amount),
      (s) => this.collect(s, 'amount', SLOT.date),
      (s) => this.collect(s, 'date', SLOT.merchant),
      (s) => this.confirm(s),
      (s) => this.open(s),
    ]);
  }

  private async askCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const customerId = step.result as string | undefined;
    if (!customerId) return this.offerHuman(step);
    valuesOf(step).customerId = customerId;
    const listed = await activeCards(this.services, customerId);
    if (!listed.ok || listed.cards.length === 0) {
      await step.context.sendActivity(
        listed.ok ? "I don't see any active cards on your account." : listed.message,
      );
      return step.endDialog();
    }
    valuesOf(step).cards = listed.cards;
    if (listed.cards.length === 1) return step.next({ ok: true, value: listed.cards[0]?.last4 });
    return step.beginDialog(SLOT.card, { choices: listed.cards.map(cardChoice) });
  }

  /** Stores the previous slot's answer under `key` and asks the next slot. */
  private async collect(
    step: WaterfallStepContext,
    key: 'last4' | 'amount' | 'date',
    next: string,
  ): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<never>;
    if (!result.ok) return this.offerHuman(step);
    Object.assign(valuesOf(step), { [key]: result.value });
    return step.beginDialog(next);
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<string>;
    if (!result.ok) return this.offerHuman(step);
    const values = valuesOf(step);
    values.merchant = result.value;
    const amount = values.amount as MoneyValue;
    const summary = `${amount.currency ?? 'USD'} ${amount.amount.toFixed(2)} at ${values.merchant} on ${values.date}, card ending ${values.last4}`;
    return step.beginDialog(SLOT.confirm, { data: { summary } });
  }

  private async open(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<boolean>;
    if (!result.ok) return this.offerHuman(step);
    if (!result.value) {
      await step.context.sendActivity("OK, I haven't opened a dispute. Anything else?");
      return step.endDialog();
    }
    const v = valuesOf(step) as Required<DisputeValues>;
    const amountMinor = Math.round(v.amount.amount * 100);
    const created = await this.services.actions.call('createDisputeCase', {
      customerId: v.customerId,
      last4: v.last4,
      merchant: v.merchant,
      amount: { amountMinor, currency: v.amount.currency ?? 'USD' },
      transactionDate: v.date,
      reason: 'unrecognized',
    });
    const text = created.ok
      ? `Your dispute is open: case ${created.value.caseId}. We'll get back to you by ${created.value.expectedResolutionBy}.`
      : created.politeMessage;
    await step.context.sendActivity(replyActivity({ text }));
    return step.endDialog();
  }
}
