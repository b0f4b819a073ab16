import type { TurnContext } from 'botbuilder-core';
import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { reportTurnEvent } from '../src/analytics/turn-analytics';
import type { DialogServices } from './dialog-services';
import { SlotDialog, type SlotResult } from './slot-dialog';
import { parsePhone } from './slots/parsers';

/** Persisted dialog id. */
export const IDENTIFY_DIALOG_ID = 'identify';
const PHONE_SLOT = `${IDENTIFY_DIALOG_ID}.phone`;
/** Phone numbers tried before the bot stops guessing and offers a person. */
const MAX_LOOKUPS = 3;
/**
 * A caller ID worth looking up: E.164, as Twilio sends it. Withheld numbers ("anonymous",
 * "Restricted") and alphanumeric SMS senders are not, and must not cost the customer an apology.
 */
const E164 = /^\+\d{7,15}$/;

/**
 * Finds who the customer is: from the profile remembered in user state; from the caller or
 * texter's phone number on SMS and voice; otherwise by asking for the phone number on the account.
 * Ends with the customer id, or undefined when it could not tell.
 */
export class IdentifyDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(IDENTIFY_DIALOG_ID);
    this.addDialog(
      new SlotDialog<string>(PHONE_SLOT, {
        prompt: () => ({ text: "First, what's the mobile number on your Acme account?" }),
        parse: (text) => parsePhone(text),
        help: 'I need the mobile number on your account to find it, for example 202-555-0101.',
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${IDENTIFY_DIALOG_ID}.steps`, [(s) => this.known(s), (s) => this.lookUp(s)]),
    );
    this.initialDialogId = `${IDENTIFY_DIALOG_ID}.steps`;
  }

  private async known(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await this.services.profile.get(step.context, {});
    if (profile.customerId) return step.endDialog(profile.customerId);
    const found = await identifyByCallerId(step.context, this.services);
    if (found) return step.endDialog(found);
    return step.beginDialog(PHONE_SLOT);
  }

  private async lookUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<string>;
    if (!result.ok) return step.endDialog(undefined);
    const found = await this.find(step, result.value);
    if (found) {
      await step.context.sendActivity(
        `Thanks, ${(await this.services.profile.get(step.context, {})).firstName}.`,
      );
      return step.endDialog(found);
    }
    const tries = ((step.options as { tries?: number } | undefined)?.tries ?? 0) + 1;
    if (tries >= MAX_LOOKUPS) return step.endDialog(undefined);
    await step.context.sendActivity("I couldn't find an account with that number.");
    return step.replaceDialog(`${IDENTIFY_DIALOG_ID}.steps`, { tries });
  }

  private find(step: WaterfallStepContext, phone: string): Promise<string | undefined> {
    return findByPhone(step.context, this.services, phone);
  }
}

/**
 * Identifies an SMS or voice customer by the number they text or call from (the phone on the
 * account), remembering them in user state; undefined on other channels, for an unknown number, or
 * for a withheld or non-phone sender (then the bot asks for the number, without a lookup).
 */
export function identifyByCallerId(
  context: TurnContext,
  services: DialogServices,
): Promise<string | undefined> {
  const { channelId, from } = context.activity;
  const phoneChannel = channelId === 'sms' || channelId === 'voice';
  const callerId = from?.id ?? '';
  return phoneChannel && E164.test(callerId)
    ? findByPhone(context, services, callerId)
    : Promise.resolve(undefined);
}

/** Looks the account up by phone; when found, remembers it in user state and reports `identified`. */
async function findByPhone(
  context: TurnContext,
  services: DialogServices,
  phone: string,
): Promise<string | undefined> {
  const result = await services.actions.call('findCustomer', { phone });
  if (!result.ok) {
    await context.sendActivity(result.politeMessage);
    return undefined;
  }
  if (!result.value.found) return undefined;
  const profile = await services.profile.get(context, {});
  await services.profile.set(context, {
    ...profile,
    customerId: result.value.customerId,
    firstName: result.value.firstName,
  });
  reportTurnEvent(context, {
    type: 'identified',
    customerId: result.value.customerId,
    customerName: result.value.firstName,
  });
  return result.value.customerId;
}
